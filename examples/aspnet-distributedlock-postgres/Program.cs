using LeaderService;

// An ASP.NET Core service of the usual shape: a background service holds leadership
// through DistributedLock.Postgres, the leader does its duties, and GET /leader says
// whether this instance leads. It keeps the ElectionJepsen candidate contract.
var builder = WebApplication.CreateBuilder(args);
var settings = CandidateSettings.From(builder.Configuration);

builder.Logging.ClearProviders().AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.UseUtcTimestamp = true;
    console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
});
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(settings.StatusPort));

// On SIGTERM the host stops the services, and the election resigns: all within one TTL.
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.Ttl);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<Leadership>();
builder.Services.AddHttpClient<LedgerClient>(http =>
{
    http.BaseAddress = new Uri($"{settings.Ledger.AbsoluteUri.TrimEnd('/')}/");
    http.Timeout = TimeSpan.FromSeconds(3);
});
builder.Services.AddHostedService<LeaderElection>();
builder.Services.AddHostedService<LeaderDuties>();

var app = builder.Build();

// DistributedLock hands out no fencing token, so the answer carries none.
app.MapGet("/leader", (Leadership leadership) => new { leader = leadership.IsLeader });

app.Run();
