namespace Dara.Cloud.Portal.Api.Errors;

/// <summary>The API's error answers, all RFC 9457 problem details with one plain sentence.</summary>
public static class ApiProblems
{
    public static IResult NoSuchOrganization() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such organization.");

    public static IResult NotAMember() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You are not a member of this organization.");

    public static IResult RoleTooLow(OrgRole required) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"This needs the {required.ToString().ToLowerInvariant()} role.");

    public static IResult NoSuchModel(string repoId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such model.", detail: $"The organization has no model {repoId}.");

    public static IResult NoSuchReanalysis() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such re-analysis job.",
            detail: "Only the organization's running or last re-analysis job is kept.");

    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Invalid(IDictionary<string, string[]> errors) => Results.ValidationProblem(errors);

    public static IResult Forbidden(string title, string? detail = null) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, detail: detail);

    public static IResult Conflict(string title, string? detail = null) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}
