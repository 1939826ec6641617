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
var writer = new CardWriter(seed, options.EpochTime, store.TimeMs);
var tokens = new TokenStore(options.TokenTtlSec);
var settings = new RuntimeSettings(options);
var log = new RequestLog();
var api = new ApiEndpoints(seed, store, writer, tokens, settings);
var control = new ControlEndpoints(seed, store, writer, tokens, settings, log);
var middleware = new ApiMiddleware(settings, log, new FaultInjector(store, writer, api));

// No args into configuration: our options are not ASP.NET configuration keys.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });

// stdout carries exactly one line (the listening address) that tests wait for; everything else goes to stderr.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var urls = options.Urls.Select(u => options.Https && u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
    ? "https://" + u["http://".Length..]
    : u).ToArray();
builder.WebHost.UseUrls(urls);
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
if (urls.Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
{
    var certificate = SelfSignedCertificate.Create();
    builder.WebHost.UseKestrelHttpsConfiguration();
    builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate));
}

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

try
{
    await app.StartAsync();
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

var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
Console.Out.WriteLine("Hyper3D emulator listening on " + (addresses?.FirstOrDefault() ?? urls[0]));
Console.Out.Flush();

await app.WaitForShutdownAsync();
return 0;
