namespace Guarded.Analyzers;

/// <summary>The keys of the diagnostic properties through which the analyzers tell the code fixes which guard to take.</summary>
public static class GuardProperties
{
    /// <summary>The guarded field's name.</summary>
    public const string FieldName = "FieldName";

    /// <summary>"true" when the field is static (a new gate must be static too).</summary>
    public const string FieldIsStatic = "FieldIsStatic";

    /// <summary>How the field's guard is taken elsewhere (a <c>GuardKind</c> name), or <see cref="NoGuard"/>.</summary>
    public const string GuardKind = "GuardKind";

    /// <summary>The guard object as written where it is taken, e.g. <c>_gate</c>.</summary>
    public const string GuardText = "GuardText";

    /// <summary>How many of the additional locations are acts (the rest point at a guarded access).</summary>
    public const string ActCount = "ActCount";

    /// <summary>The <see cref="GuardKind"/> value when nothing guards the field.</summary>
    public const string NoGuard = "None";
}
