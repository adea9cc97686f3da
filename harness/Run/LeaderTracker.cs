namespace ElectionJepsen.Harness.Run;

/// <summary>Who leads now, as far as the claims tell: the latest "yes" with the largest token.</summary>
public sealed class LeaderTracker
{
    private readonly Lock _lock = new();

    public string? Leader { get; private set; }

    public long Token { get; private set; }

    public int Changes { get; private set; }

    public void Answered(string node, bool leader, long token)
    {
        lock (_lock)
        {
            if (leader && token >= Token)
            {
                if (Leader != node || Token != token) Changes++;
                (Leader, Token) = (node, token);
            }
            else if (!leader && Leader == node)
            {
                Leader = null;
            }
        }
    }
}
