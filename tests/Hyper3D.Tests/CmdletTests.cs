using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Hyper3D.Client;
using Hyper3D.Commands;

namespace Hyper3D.Tests;

/// <summary>The cmdlets in-process, in a runspace of their own; nothing here reaches a server.</summary>
public sealed class CmdletTests : IDisposable
{
    private readonly Runspace _runspace;

    public CmdletTests()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(ConnectHyper3DCommand).Assembly.Location);
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    public void Dispose() => _runspace.Dispose();

    private (IReadOnlyList<PSObject> Output, IReadOnlyList<ErrorRecord> Errors) Run(string script)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        try
        {
            var output = ps.Invoke();
            return (output, ps.Streams.Error.ToList());
        }
        catch (RuntimeException e)
        {
            return (Array.Empty<PSObject>(), new[] { e.ErrorRecord });
        }
    }

    [Fact]
    public void Listing_without_a_session_says_to_connect()
    {
        var (_, errors) = Run("Get-Hyper3DGalleryCard");
        ErrorRecord error = Assert.Single(errors);
        Assert.StartsWith("NotConnected", error.FullyQualifiedErrorId);
        Assert.Contains("Connect-Hyper3D", error.ErrorDetails.RecommendedAction);
    }

    [Theory]
    [InlineData("-Type Mine", "-Type Mine")]
    [InlineData("-Type Group -GroupUuid g", "-Type Group")]
    [InlineData("-Status Liked", "-Status Liked")]
    public void Listings_that_need_a_login_refuse_an_anonymous_session(string arguments, string named)
    {
        // Port 9 (discard) on loopback: had a request been sent, the error would be a connection failure.
        var (_, errors) = Run($"Connect-Hyper3D -BaseUri http://127.0.0.1:9/api -MaximumRetryCount 0 -SkipConnectionCheck; Get-Hyper3DGalleryCard {arguments}");
        ErrorRecord error = Assert.Single(errors);
        Assert.StartsWith("LoginRequired", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains(named, error.ErrorDetails.Message);
        Assert.Contains("Connect-Hyper3D", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void A_group_listing_needs_a_group()
    {
        var (_, errors) = Run("Connect-Hyper3D -BaseUri http://127.0.0.1:9/api -Token (ConvertTo-SecureString t -AsPlainText -Force) -SkipConnectionCheck; Get-Hyper3DGalleryCard -Type Group");
        Assert.StartsWith("GroupUuidRequired", Assert.Single(errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void A_token_is_refused_over_plain_http_to_another_host_and_no_session_is_left()
    {
        var (_, errors) = Run("Connect-Hyper3D -BaseUri http://hyper3d.invalid/api -Token (ConvertTo-SecureString secret-token -AsPlainText -Force)");
        ErrorRecord error = Assert.Single(errors);
        Assert.StartsWith("UnencryptedAuthentication", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
        Assert.DoesNotContain("secret-token", error.ErrorDetails.Message);
        Assert.Empty(Run("Get-Hyper3DConnection").Output);
    }

    [Fact]
    public void A_refused_connection_is_a_connection_error_naming_the_url()
    {
        var (_, errors) = Run("Connect-Hyper3D -BaseUri http://127.0.0.1:9/api -MaximumRetryCount 1 -RetryIntervalSec 0 -SkipConnectionCheck; Get-Hyper3DGalleryCard -WarningVariable w -WarningAction SilentlyContinue; $w.Count");
        ErrorRecord error = Assert.Single(errors);
        Assert.StartsWith("ConnectionFailed", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Equal("http://127.0.0.1:9/api/task/cards", error.TargetObject);
        Assert.Contains("Gave up after 2 attempts", error.ErrorDetails.Message);
    }

    [Fact]
    public void The_session_shows_no_token()
    {
        var (output, _) = Run("Connect-Hyper3D -BaseUri http://127.0.0.1:9/api -Token (ConvertTo-SecureString secret-token -AsPlainText -Force) -SkipConnectionCheck -PassThru | Format-List * | Out-String");
        string text = Assert.Single(output).ToString();
        Assert.Contains("********", text);
        Assert.DoesNotContain("secret-token", text);
    }

    [Fact]
    public void Every_error_kind_has_its_own_id_category_and_advice()
    {
        var ids = new HashSet<string>();
        foreach (ErrorKind kind in Enum.GetValues<ErrorKind>())
        {
            var record = ErrorRecordFactory.From(new Hyper3DException(kind, "What happened.", requestUri: new Uri("https://h.example/api/task/cards")), null);
            Assert.True(ids.Add(record.FullyQualifiedErrorId), $"{kind} shares its ErrorId");

            // The advice is said once, as the Recommendation; the message is what happened.
            Assert.Equal("What happened.", record.ErrorDetails.Message);
            Assert.Equal("What happened.", record.Exception.Message);
            Assert.False(string.IsNullOrWhiteSpace(record.ErrorDetails.RecommendedAction));
            Assert.Equal("https://h.example/api/task/cards", record.TargetObject);
        }

        Assert.Equal(ErrorCategory.AuthenticationError, ErrorRecordFactory.From(new Hyper3DException(ErrorKind.Authentication, "x"), null).CategoryInfo.Category);
        Assert.Equal(ErrorCategory.ObjectNotFound, ErrorRecordFactory.From(new Hyper3DException(ErrorKind.NotFound, "x"), null).CategoryInfo.Category);
        Assert.Equal(ErrorCategory.LimitsExceeded, ErrorRecordFactory.From(new Hyper3DException(ErrorKind.RateLimited, "x"), null).CategoryInfo.Category);
        Assert.Equal(ErrorCategory.ResourceUnavailable, ErrorRecordFactory.From(new Hyper3DException(ErrorKind.Unavailable, "x"), null).CategoryInfo.Category);
        Assert.Equal(ErrorCategory.OperationTimeout, ErrorRecordFactory.From(new Hyper3DException(ErrorKind.Timeout, "x"), null).CategoryInfo.Category);
        Assert.Equal(ErrorCategory.InvalidArgument, ErrorRecordFactory.From(new Hyper3DException(ErrorKind.InvalidArgument, "x"), null).CategoryInfo.Category);
        Assert.Equal(ErrorCategory.PermissionDenied, ErrorRecordFactory.From(new Hyper3DException(ErrorKind.PermissionDenied, "x"), null).CategoryInfo.Category);
    }

    [Fact]
    public void Paging_parameters_come_from_SupportsPaging_and_filters_are_enums()
    {
        var (output, _) = Run("(Get-Command Get-Hyper3DGalleryCard).Parameters.Keys -join ','");
        string names = Assert.Single(output).ToString();
        foreach (string name in new[] { "Type", "Status", "TaskType", "Step", "GroupUuid", "TagId", "UserOverride", "IsHidden", "Page", "All", "ThrottleLimit", "Session", "First", "Skip", "IncludeTotalCount" })
        {
            Assert.Contains(name, names.Split(','));
        }
    }

    [Theory]
    [InlineData("Save-Hyper3DCardMedia -Path Variable:\\archive", "PathNotFileSystem", "./archive")]
    [InlineData("Export-Hyper3DGalleryReport -Path Function:\\report.html", "ReportPathNotFileSystem", "./report.html")]
    public void A_path_on_another_provider_is_refused_before_any_card_is_read(string command, string errorId, string example)
    {
        var (output, errors) = Run($"Connect-Hyper3D -BaseUri http://127.0.0.1:9/api -SkipConnectionCheck; [pscustomobject]@{{ TaskUuid = 't1' }} | {command}");
        ErrorRecord error = Assert.Single(errors);
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Matches("^-Path '[A-Za-z]+:.+' is on the (Variable|Function) provider, not on a file system drive\\.$", error.ErrorDetails.Message);
        Assert.Equal($"Pass a path on a file system drive, for example {example}.", error.ErrorDetails.RecommendedAction);
        Assert.Empty(output);
    }
}
