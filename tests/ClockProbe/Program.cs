using System.Diagnostics;
using System.Globalization;

// Prints, every 100 ms, what this process sees of the wall clock (DateTime.UtcNow) and of
// the monotonic clock (Stopwatch), in milliseconds, until its standard input closes or it
// is killed. The clock tests run it under libfaketime.
var stopwatch = Stopwatch.StartNew();
for (var i = 0; i < 600; i++)
{
    var utc = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{utc} {stopwatch.ElapsedMilliseconds}"));
    Console.Out.Flush();
    Thread.Sleep(100);
}
