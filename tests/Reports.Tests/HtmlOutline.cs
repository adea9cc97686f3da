using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ElectionJepsen.Reports.Tests;

/// <summary>An element of a page as the outline sees it.</summary>
internal sealed class Element(string tag, Dictionary<string, string> attributes, Element? parent)
{
    public string Tag { get; } = tag;

    public Dictionary<string, string> Attributes { get; } = attributes;

    public Element? Parent { get; } = parent;

    public List<Element> Children { get; } = [];

    public StringBuilder Text { get; } = new();

    public bool InSvg => Tag == "svg" || Parent?.InSvg == true;

    public IEnumerable<Element> Descendants() => Children.SelectMany(c => c.Descendants().Prepend(c));
}

/// <summary>
/// The structure of one of our pages, for golden files: one line per element with its tag,
/// id, classes and (outside SVG drawings) its text; runs of identical siblings fold into one
/// line with a count, so a timeline of many marks stays a few lines. Attribute values that
/// are only geometry are left out, so a change of layout arithmetic does not churn the files,
/// while a missing section, lane, mark or violation does.
/// </summary>
internal static partial class HtmlOutline
{
    private static readonly HashSet<string> Void = ["meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"];

    [GeneratedRegex("""<!--.*?-->|<!DOCTYPE[^>]*>|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=/>]+(?:="[^"]*"|='[^']*'|=[^\s>]+)?)*)\s*(/?)>|[^<]+|<""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TokenPattern();

    [GeneratedRegex("""([^\s=/>]+)(?:="([^"]*)"|='([^']*)'|=([^\s>]+))?""")]
    private static partial Regex AttributePattern();

    /// <summary>Parses a page we wrote into a tree; throws on a closing tag that does not match, which is itself a defect.</summary>
    public static Element Parse(string html)
    {
        var root = new Element("#document", [], null);
        var current = root;
        foreach (Match m in TokenPattern().Matches(html))
        {
            if (!m.Groups[2].Success)
            {
                if (!m.Value.StartsWith("<!", StringComparison.Ordinal)) current.Text.Append(WebUtility.HtmlDecode(m.Value));
                continue;
            }

            var tag = m.Groups[2].Value.ToLowerInvariant();
            if (m.Groups[1].Value == "/")
            {
                if (current.Tag != tag) throw new FormatException($"</{tag}> closes <{current.Tag}>");
                current = current.Parent!;
                continue;
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match a in AttributePattern().Matches(m.Groups[3].Value))
            {
                var value = a.Groups[2].Success ? a.Groups[2].Value : a.Groups[3].Success ? a.Groups[3].Value : a.Groups[4].Value;
                attributes[a.Groups[1].Value.ToLowerInvariant()] = WebUtility.HtmlDecode(value);
            }

            var element = new Element(tag, attributes, current);
            current.Children.Add(element);
            if (m.Groups[4].Value != "/" && !Void.Contains(tag)) current = element;
        }

        if (current != root) throw new FormatException($"<{current.Tag}> is never closed");
        return root;
    }

    /// <summary>The outline of <paramref name="html"/>, with <paramref name="replace"/> applied to every text (paths of temporary folders, say).</summary>
    public static string Of(string html, Func<string, string>? replace = null)
    {
        var output = new StringBuilder();
        foreach (var line in Lines(Parse(html), 0, replace ?? (s => s))) output.Append(line).Append('\n');
        return output.ToString();
    }

    private static List<string> Lines(Element e, int depth, Func<string, string> replace)
    {
        var lines = new List<string>();
        var children = new List<(string Block, int Count)>();
        foreach (var child in e.Children)
        {
            var block = string.Join("\n", Lines(child, depth + 1, replace));
            if (children.Count > 0 && children[^1].Block == block) children[^1] = (block, children[^1].Count + 1);
            else children.Add((block, 1));
        }

        if (e.Tag != "#document") lines.Add(new string(' ', depth * 2) + Describe(e, replace));
        foreach (var (block, count) in children)
        {
            var first = block.Split('\n');
            if (count > 1) first[0] += $" ×{count}";
            lines.AddRange(first);
        }

        return lines;
    }

    private static string Describe(Element e, Func<string, string> replace)
    {
        var s = new StringBuilder(e.Tag);
        if (e.Attributes.TryGetValue("id", out var id)) s.Append('#').Append(id);
        if (e.Attributes.TryGetValue("class", out var classes))
        {
            foreach (var c in classes.Split(' ', StringSplitOptions.RemoveEmptyEntries)) s.Append('.').Append(c);
        }

        if (e.Tag == "a" && e.Attributes.TryGetValue("href", out var href)) s.Append(" href=").Append(replace(href));
        if (e.Tag is "style" or "title" && e.InSvg) return s.ToString();
        if (e.Tag == "style") return s.Append(" (css)").ToString();
        var text = Regex.Replace(e.Text.ToString(), @"\s+", " ").Trim();
        if (text.Length > 0) s.Append(": ").Append(replace(text));
        return s.ToString();
    }
}
