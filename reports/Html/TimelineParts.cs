namespace ElectionJepsen.Reports.Html;

/// <summary>A leadership epoch: a process led with a token (or, <paramref name="Tokenless"/>, with none reported) from its grant to its last act.</summary>
internal readonly record struct Epoch(int Process, long Token, long FromNs, long ToNs, bool Tokenless = false);

/// <summary>A nemesis window: what was done, to whom, from the fault's invoke to its heal's completion.</summary>
internal readonly record struct FaultWindow(string What, long FromNs, long ToNs);

/// <summary>A violation placed on the timeline: its number in the list, the process and the time of its first act.</summary>
internal readonly record struct ViolationMark(int Number, string Kind, int Process, long AtNs);
