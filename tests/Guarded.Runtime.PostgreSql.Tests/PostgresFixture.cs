using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Guarded.Runtime.PostgreSql.Tests;

/// <summary>One throwaway PostgreSQL cluster for every test of the <see cref="PostgresCollection"/>, started on first use.</summary>
public sealed class PostgresFixture : IDisposable
{
    private readonly Lazy<PostgresServer> _server = new(() => PostgresServer.Start(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lazy<NpgsqlDataSource> _dataSource;
    private int _namespaces;

    public PostgresFixture()
    {
        _dataSource = new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(ConnectionString), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public PostgresServer Server => _server.Value;

    public string ConnectionString => Server.ConnectionString;

    /// <summary>A data source shared by the tests (each test still uses its own namespace).</summary>
    public NpgsqlDataSource DataSource => _dataSource.Value;

    /// <summary>A namespace no other test uses, so tests never see each other's rows or locks.</summary>
    public string NewNamespace(string prefix) => $"{prefix}-{Interlocked.Increment(ref _namespaces)}-{Guid.NewGuid():N}";

    public void Dispose()
    {
        if (_dataSource.IsValueCreated)
        {
            _dataSource.Value.Dispose();
        }

        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}

/// <summary>Marks a test class whose tests need a PostgreSQL server: its <see cref="ContractFactAttribute"/> tests are skipped when there are no binaries.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresPostgreSqlAttribute : Attribute
{
}

/// <summary>A fact that needs PostgreSQL: skipped, with the reason, only when no PostgreSQL binaries exist.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// A fact of a contract suite (declared once in an abstract class, run for every backend's derived class). In a class marked
/// <see cref="RequiresPostgreSqlAttribute"/>, it is skipped when no PostgreSQL binaries exist.
/// </summary>
[XunitTestCaseDiscoverer("Guarded.Runtime.PostgreSql.Tests.ContractFactDiscoverer", "Guarded.Runtime.PostgreSql.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute
{
}

public sealed class ContractFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnosticMessageSink;

    public ContractFactDiscoverer(IMessageSink diagnosticMessageSink)
    {
        _diagnosticMessageSink = diagnosticMessageSink;
    }

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        bool needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgreSqlAttribute)).Any();
        if (needsPostgres && PostgresServer.MissingReason is { } reason)
        {
            yield return new SkippedTestCase(_diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason);
        }
        else
        {
            yield return new XunitTestCase(_diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
        }
    }
}

/// <summary>A test case skipped for a reason found at discovery time.</summary>
public sealed class SkippedTestCase : XunitTestCase
{
    private string _reason = string.Empty;

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedTestCase()
    {
    }

    public SkippedTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string reason)
        : base(sink, display, options, method)
    {
        _reason = reason;
    }

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("Reason", _reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("Reason");
        base.Deserialize(data);
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;
}
