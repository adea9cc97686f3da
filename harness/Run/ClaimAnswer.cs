namespace ElectionJepsen.Harness.Run;

/// <summary>What a candidate last said about leading: nothing yet, leader (with its token), follower, or no answer.</summary>
public enum ClaimAnswer
{
    None,
    Leader,
    Follower,
    NoAnswer,
}

/// <summary>A candidate's latest answer, with the token it claimed when it claimed to lead, if it gave one (a class: read whole from another thread).</summary>
public sealed record LastAnswer(ClaimAnswer Answer, long? Token)
{
    public static readonly LastAnswer Nothing = new(ClaimAnswer.None, null);

    public static LastAnswer Of(bool leader, long? token) => leader ? new(ClaimAnswer.Leader, token) : new(ClaimAnswer.Follower, null);
}
