namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>
/// A review step a user asked for, with the review's revision they were looking at: the step is to be taken only if
/// nobody changed the review since, so a decision is never made on a review the user did not see.
/// </summary>
public sealed record ReviewStep(ReviewAction Action, long SeenRevision);
