using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Hyper3D.Emulator;

var parsed = OptionsParser.Parse(args);
if (parsed.ShowHelp)
{
    Console.Out.WriteLine(OptionsParser.Usage);
    return 0;
}

if (parsed.Options is not EmulatorOptions options)
{
    Console.Error.WriteLine("Hyper3D.Emulator: " + parsed.Error);
    Console.Error.WriteLine(OptionsParser.Usage);
    return 2;
}

var seed = new SeedData(options);
var store = new CardStore(seed);
var settings = new RuntimeSettings(options.Settings);
var log = new RequestLog();
var media = new MediaEndpoints(options, settings, log);
var writer = new CardWriter(seed, options.EpochTime, options.TinyCards, media, store.TimeMs);
var tokens = new TokenStore(options.TokenTtlSec);
var api = new ApiEndpoints(seed, store, writer, tokens, settings);
var control = new ControlEndpoints(seed, store, writer, tokens, settings, log);
var middleware = new ApiMiddleware(settings, log, new FaultInjector(store, writer, api));

var urls = options.Urls.Select(u => options.Https && u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
    ? "https://" + u["http://".Length..]
    : u).ToArray();
var builder = CreateBuilder(urls);

builder.Services.AddResponseCompression(o =>
{
    o.EnableForHttps = true;
    o.Providers.Add<BrotliCompressionProvider>();
    o.Providers.Add<GzipCompressionProvider>();
    o.MimeTypes = new[] { "application/json", "text/html", "text/plain" };
});

var app = builder.Build();
app.UseResponseCompression();
app.UseWhen(
    ctx => ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
    branch => branch.Use(middleware.InvokeAsync));
control.Map(app);
api.Map(app);
media.Map(app, "api");

// The stand-in CDN: another origin (its own port) that serves the same media and nothing else.
WebApplication? cdn = null;
if (options.MediaCdn)
{
    cdn = CreateBuilder(new[] { (options.Https ? "https" : "http") + "://127.0.0.1:0" }).Build();
    media.Map(cdn, "cdn");
}

string listening;
try
{
    await app.StartAsync();
    listening = FirstAddress(app) ?? urls[0];
    media.Origin = listening.TrimEnd('/');
    if (cdn is not null)
    {
        await cdn.StartAsync();
        media.Origin = (FirstAddress(cdn) ?? "").TrimEnd('/');
    }
}
catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
{
    Console.Error.WriteLine("Hyper3D.Emulator: cannot listen: " + e.Message);
    return 1;
}

if (options.NewCardsEveryMs > 0)
{
    store.Arrivals.Schedule(options.NewCards, -1, options.NewCardsEveryMs);
}

// The address comes first, alone up to a space: scripts read it from this line.
Console.Out.WriteLine("Hyper3D emulator listening on " + listening + (cdn is null ? " (media on the same address)" : " (media CDN on " + media.Origin + ")"));
Console.Out.Flush();

await app.WaitForShutdownAsync();
if (cdn is not null)
{
    await cdn.StopAsync();
}

return 0;

static string? FirstAddress(WebApplication app) =>
    app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();

static WebApplicationBuilder CreateBuilder(string[] urls)
{
    // No args into configuration: our options are not ASP.NET configuration keys.
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });

    // stdout carries exactly one line (the listening address) that tests wait for; everything else goes to stderr.
    builder.Logging.ClearProviders();
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Logging.SetMinimumLevel(LogLevel.Warning);

    builder.WebHost.UseUrls(urls);
    builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
    if (urls.Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
    {
        var certificate = SelfSignedCertificate.Create();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate));
    }

    return builder;
}
