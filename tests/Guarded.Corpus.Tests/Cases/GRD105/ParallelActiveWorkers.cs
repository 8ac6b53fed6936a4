// case: active worker gauge decremented from a Parallel.For body
using System.Threading.Tasks;

public sealed class CrawlGauge
{
    private int _active;

    public void Crawl(string[] urls)
    {
        Parallel.For(0, urls.Length, i =>
        {
            Visit(urls[i]);
        });
    }

    private void Visit(string url)
    {
        ++_active; // expect: GRD105
        System.Console.WriteLine(url);
        --_active; // expect: GRD105
    }
}
