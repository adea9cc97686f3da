namespace ElectionJepsen.Reports.Tests;

public class WordsTests
{
    [Theory]
    [InlineData(0, "0 runs")]
    [InlineData(1, "1 run")]
    [InlineData(2, "2 runs")]
    [InlineData(12_000, "12,000 runs")]
    public void A_count_takes_an_s_unless_it_is_one(long n, string words) =>
        Assert.Equal(words, Words.Count(n, "run"));

    [Theory]
    [InlineData(0, "0 histories")]
    [InlineData(1, "1 history")]
    [InlineData(1_234, "1,234 histories")]
    public void A_noun_with_a_plural_of_its_own_takes_it_unless_the_count_is_one(long n, string words) =>
        Assert.Equal(words, Words.Count(n, "history", "histories"));
}
