namespace ElectionJepsen.Harness.Candidates;

/// <summary>A candidate of the contract that is an image of the user's (<c>--candidate-image</c>), not a folder.</summary>
public sealed partial record CandidateManifest
{
    /// <summary>
    /// The image whose own ENTRYPOINT and CMD are the candidate, on the docker runtime; null
    /// for a folder with a candidate.json. An image has no folder, no build and no packages
    /// of ours, and takes a manifest's defaults (status path, start timeout).
    /// </summary>
    public string? Image { get; init; }

    /// <summary>Why an image's clock is not moved: libfaketime is preloaded from the image, and a user's image need not carry it.</summary>
    public const string ImageClock = "an image of yours, which need not carry libfaketime";

    /// <summary>The candidate that <paramref name="image"/> is, campaigning on any backend it is given.</summary>
    public static CandidateManifest OfImage(string image) =>
        new(string.Empty, image, [.. KnownBackends], [], null, [], DefaultStatusPath, DefaultStartTimeout) { Image = image };
}
