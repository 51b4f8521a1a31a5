namespace Dara.Cloud.Analysis.Checks;

/// <summary>Why the check calls a name uninformative (<see cref="UninformativeNameCheck"/>).</summary>
public enum UninformativeReason
{
    /// <summary>A name a training service generated (autotrain-…, autonlp-…).</summary>
    Generated,

    /// <summary>A placeholder name (test, demo, my_model).</summary>
    Placeholder,

    /// <summary>Neither an architecture nor a task.</summary>
    NeitherArchitectureNorTask,
}
