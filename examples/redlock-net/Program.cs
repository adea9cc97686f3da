using LeaderService;
using RedLockNet;
using RedLockNet.SERedis;
using RedLockNet.SERedis.Configuration;

// An ASP.NET Core service of the usual shape: a background service holds leadership
// through RedLock.net on five Redis masters, the leader does its duties, and GET /leader
// says whether this instance leads. It keeps the ElectionJepsen candidate contract.
var builder = WebApplication.CreateBuilder(args);
var settings = CandidateSettings.From(builder.Configuration);

builder.Logging.ClearProviders().AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.UseUtcTimestamp = true;
    console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
});
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

// RedLock.net says at Debug how each acquisition and each extension ended: one line a renewal.
builder.Logging.AddFilter("RedLockNet", LogLevel.Debug);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(settings.StatusPort));

// On SIGTERM the host stops the services, and the election resigns: all within one TTL.
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.Ttl);
builder.Services.AddSingleton(settings);

// As RedLock.net's README shows: one factory for the application, over every master's endpoint,
// with the host's logging so that the library's own warnings (a failed extension) reach the log.
builder.Services.AddSingleton<IDistributedLockFactory>(services => RedLockFactory.Create(
    [.. settings.RedisServers.Select(server => new RedLockEndPoint(server))],
    services.GetRequiredService<ILoggerFactory>()));
builder.Services.AddSingleton<Leadership>();
builder.Services.AddHttpClient<LedgerClient>(http =>
{
    http.BaseAddress = new Uri($"{settings.Ledger.AbsoluteUri.TrimEnd('/')}/");
    http.Timeout = TimeSpan.FromSeconds(3);
});
builder.Services.AddHostedService<LeaderElection>();
builder.Services.AddHostedService<LeaderDuties>();

var app = builder.Build();

// RedLock.net hands out no fencing token, so the answer carries none.
app.MapGet("/leader", (Leadership leadership) => new { leader = leadership.IsLeader });

app.Run();
