using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Hygiene;

/// <summary>
/// GRD402: a <c>lock</c> (or <c>Monitor.Enter</c>/<c>TryEnter</c>) on an object whose identity the type does not own:
/// <c>this</c> in a public type, <c>typeof(…)</c> and other reflection objects (<c>GetType()</c>, a <c>Type</c> or
/// <c>MemberInfo</c> field), a string literal or constant, a string field, the result of <c>string.Intern</c>, a public
/// field or property of a public type, and a value type boxed for the lock (every boxing is a new object). Reported
/// at the operand.
/// </summary>
/// <remarks>
/// Quiet for private, internal and protected fields and properties that hold an <c>object</c> (or a
/// <c>System.Threading.Lock</c>; a protected one is how a base class shares its lock with derived classes),
/// locals and parameters (unless a constant string, or a boxed value), members of other types (the type that exposes
/// them decides), <c>lock (this)</c> in internal, private and protected types (all code that can lock them is in the
/// same assembly, or derives from the type), a type that publishes itself as its lock (a <c>SyncRoot</c> that returns <c>this</c>), public members
/// named <c>SyncRoot</c> (published for callers to lock, as <c>ICollection.SyncRoot</c> is), members that hold a
/// synchronized wrapper (<c>TextWriter.Synchronized(…)</c>: locking it joins the wrapper's own lock), and
/// <c>[BenignRace]</c> members.
/// </remarks>
public sealed class LockOnSharedIdentityAnalyzer : TypeModelAnalyzer
{
    /// <summary>The diagnostic property naming why the object is shared: a <see cref="SharedIdentity"/> name.</summary>
    public const string IdentityProperty = "LockIdentity";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.LockOnSharedIdentity);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        bool? publishesItself = null;
        foreach (var acquisition in model.LockAcquisitions)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (Annotations.IsDeclaredBenign(acquisition.Member) || Classify(acquisition.LockedValue, model) is not { } identity)
            {
                continue;
            }

            if (identity == SharedIdentity.This && (publishesItself ??= PublishesItselfAsSyncRoot(model.Type)))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.LockOnSharedIdentity,
                acquisition.LockedValue.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(IdentityProperty, identity.ToString()),
                MessageText.Snippet(acquisition.LockedValue.Syntax),
                Reason(identity, acquisition.LockedValue, model.Type)));
        }
    }

    /// <summary>Why other code can hold the lock on <paramref name="locked"/>, or null when only the type can.</summary>
    private static SharedIdentity? Classify(IOperation locked, TypeConcurrencyModel model)
    {
        if (IsBoxing(locked))
        {
            return SharedIdentity.Boxed;
        }

        var value = locked.WithoutConversions();
        if (value.Type is null || value.Type.TypeKind == TypeKind.Error)
        {
            return null;
        }

        switch (value)
        {
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                return IsVisibleOutsideAssembly(model.Type) ? SharedIdentity.This : null;
            case ITypeOfOperation:
                return SharedIdentity.TypeObject;
        }

        if (value.Type.SpecialType == SpecialType.System_String)
        {
            return value switch
            {
                _ when value.ConstantValue.HasValue => SharedIdentity.InternedString,
                IInvocationOperation { TargetMethod: { Name: "Intern" or "IsInterned", ContainingType.SpecialType: SpecialType.System_String } } => SharedIdentity.InternedString,
                IFieldReferenceOperation => SharedIdentity.StringField,
                _ => null,
            };
        }

        if (model.Types.IsReflectionObject(value.Type))
        {
            return value is ILocalReferenceOperation or IParameterReferenceOperation ? null : SharedIdentity.ReflectionObject;
        }

        var member = value switch
        {
            IFieldReferenceOperation field => (ISymbol)field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };

        return member is not null &&
            SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, model.Type.OriginalDefinition) &&
            !member.Name.EndsWith("SyncRoot", System.StringComparison.Ordinal) &&
            IsVisibleOutsideAssembly(member) &&
            !HoldsSynchronizedWrapper(member, model.Type)
                ? SharedIdentity.PublicMember
                : null;
    }

    /// <summary>
    /// Whether the type stores a synchronized wrapper (<c>TextWriter.Synchronized(…)</c>, <c>ArrayList.Synchronized(…)</c>)
    /// in <paramref name="member"/>: such a wrapper locks itself around every call, so locking it is how other code joins
    /// its lock (a private gate would not exclude the wrapper's writers).
    /// </summary>
    private static bool HoldsSynchronizedWrapper(ISymbol member, INamedTypeSymbol type)
    {
        static bool IsSynchronizedCall(ExpressionSyntax? value) =>
            value is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Synchronized" } };

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                bool stores = node switch
                {
                    AssignmentExpressionSyntax assignment => IsSynchronizedCall(assignment.Right) && NameOf(assignment.Left) == member.Name,
                    VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText == member.Name && IsSynchronizedCall(declarator.Initializer?.Value),
                    PropertyDeclarationSyntax property => property.Identifier.ValueText == member.Name && IsSynchronizedCall(property.Initializer?.Value),
                    _ => false,
                };
                if (stores)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string? NameOf(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>A conversion that boxes a value: <c>Monitor.Enter(_count)</c>, <c>lock ((object)_count)</c>.</summary>
    private static bool IsBoxing(IOperation locked)
    {
        for (var current = locked; current is IConversionOperation conversion; current = conversion.Operand)
        {
            if (conversion.Operand.Type is { IsValueType: true } && conversion.Type is { IsReferenceType: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether any code in other assemblies can reach <paramref name="symbol"/>: it and every type around it are public.
    /// A protected member is how a base class shares its lock with the classes derived from it, on purpose.
    /// </summary>
    private static bool IsVisibleOutsideAssembly(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the type hands itself out as its lock object (<c>object SyncRoot => this</c>, as some collections
    /// implement <c>ICollection.SyncRoot</c>): then <c>lock (this)</c> is the protocol its callers are told to join.
    /// </summary>
    private static bool PublishesItselfAsSyncRoot(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is not IPropertySymbol property || !property.Name.EndsWith("SyncRoot", System.StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var reference in property.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is PropertyDeclarationSyntax declaration && ReturnsThis(declaration))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool ReturnsThis(PropertyDeclarationSyntax declaration)
    {
        if (declaration.ExpressionBody?.Expression is ThisExpressionSyntax)
        {
            return true;
        }

        var getter = declaration.AccessorList?.Accessors.FirstOrDefault(a => a.Keyword.ValueText == "get");
        return getter?.ExpressionBody?.Expression is ThisExpressionSyntax ||
            (getter?.Body?.Statements.Count == 1 && getter.Body.Statements[0] is ReturnStatementSyntax { Expression: ThisExpressionSyntax });
    }

    private static string Reason(SharedIdentity identity, IOperation locked, INamedTypeSymbol type) => identity switch
    {
        SharedIdentity.This => $"code outside this type can lock the same object: any code that holds a '{type.Name}' can lock it",
        SharedIdentity.TypeObject => "a Type is one object for the whole process: code outside this type can lock the same one",
        SharedIdentity.ReflectionObject => "reflection objects are shared by the whole process: code outside this type can lock the same one",
        SharedIdentity.InternedString => "strings are interned: any code that locks an equal literal shares this lock",
        SharedIdentity.StringField => "equal strings can be one interned object: any code that locks an equal string may share this lock",
        SharedIdentity.Boxed => "every boxing makes a new object, so no two threads lock the same one",
        _ => "it is public: code outside this type can lock the same object",
    };
}

/// <summary>Why code other than the locking type can hold the same lock (or why no two threads do).</summary>
public enum SharedIdentity
{
    /// <summary><c>lock (this)</c> in a type other assemblies can hold instances of.</summary>
    This,

    /// <summary><c>lock (typeof(T))</c>.</summary>
    TypeObject,

    /// <summary>A <c>Type</c> or <c>MemberInfo</c> other than a <c>typeof</c>: <c>GetType()</c>, a field.</summary>
    ReflectionObject,

    /// <summary>A string literal or constant, or <c>string.Intern(…)</c>.</summary>
    InternedString,

    /// <summary>A string field that is not constant.</summary>
    StringField,

    /// <summary>A public field or property of the type.</summary>
    PublicMember,

    /// <summary>A value type boxed for the lock.</summary>
    Boxed,
}
