namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>What a review's accept step would accept, given the model's current verdict.</summary>
public enum ReviewAcceptance
{
    /// <summary>Nothing: the name already fits and the verdict flags nothing (ok or unreadable). No accept is offered.</summary>
    Nothing,

    /// <summary>The suggested name, which differs from the current one: "Accept the rename".</summary>
    Rename,

    /// <summary>
    /// The findings of a flagged (misnamed or suspicious) verdict whose suggested name is the current one: the findings
    /// no rename fixes (a duplicate upload, a base model its card contradicts). "Accept the findings": the team agrees they
    /// apply, where dismissing them says they do not.
    /// </summary>
    Findings,
}
