namespace Guarded;

internal static class Placeholder
{
}
