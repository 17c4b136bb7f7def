namespace Recurrent.Models.Tagging;

/// <summary>
/// The 12 universal part-of-speech tags and the mapping from Brown tags to them published with "A Universal
/// Part-of-Speech Tagset" (Slav Petrov, Dipanjan Das and Ryan McDonald, LREC 2012; the file <c>en-brown.map</c> of
/// github.com/slavpetrov/universal-pos-tags, CC BY-SA 4.0), the mapping NLTK's <c>tagset='universal'</c> uses for Brown.
/// Written down here by universal tag; every entry is a Brown tag without its -hl/-tl/-nc modifiers, which the mapping
/// ignores. Every fw- (foreign word) tag maps to X, as in the published file. Tags the file does not list (none in
/// the bundled corpus) map as their first component if they are contractions (a+b), else to X; docs/tagging.md has the table.
/// </summary>
public static class UniversalTags
{
    /// <summary>The 12 tags, in the paper's order.</summary>
    public static readonly IReadOnlyList<string> All = ["VERB", "NOUN", "PRON", "ADJ", "ADV", "ADP", "CONJ", "DET", "NUM", "PRT", "X", "."];

    private static readonly Dictionary<string, string> Map = Build(new()
    {
        ["."] = "' '' ( ) , -- . : ``",
        ["ADJ"] = "ap ap+ap jj jj+jj jjr jjr+cs jjs jjt od",
        ["ADP"] = "cs in in+in in+ppo",
        ["ADV"] = "* ql qlp rb rb+cs rbr rbr+cs rbt rn wql wrb",
        ["CONJ"] = "cc",
        ["DET"] = "abx at dt dt$ dti dts dtx pp$ wdt wp$",
        ["NOUN"] = "cd$ nn nn$ nn+in nn+nn nns nns$ np np$ nps nps$ nr nr$ nrs pn pn$",
        ["NUM"] = "cd",
        ["PRON"] = "pp$$ ppl ppls ppo pps ppss wpo wps",
        ["PRT"] = "abl abn ap$ dt+bez dt+md dts+bez ex ex+bez ex+hvd ex+hvz ex+md jj$ nn+bez nn+hvd nn+hvz nn+md nns+md np+bez np+hvz np+md " +
                  "nr+md pn+bez pn+hvd pn+hvz pn+md pps+bez pps+hvd pps+hvz pps+md ppss+bem ppss+ber ppss+ber-n ppss+bez ppss+bez* " +
                  "ppss+hv ppss+hvd ppss+md ppss+vb rb$ rb+bez rp rp+in to to+vb uh wdt+ber wdt+bez wdt+dod wdt+hvz wps+bez wps+hvd " +
                  "wps+hvz wps+md wrb+ber wrb+bez wrb+do wrb+dod wrb+dod* wrb+doz wrb+in wrb+md",
        ["VERB"] = "be bed bed* bedz bedz* beg bem bem* ben ber ber* bez bez* do do* dod dod* doz doz* hv hv* hv+to hvd hvd* hvg hvn " +
                   "hvz hvz* md md* md+hv md+ppss md+to vb vb+at vb+in vb+jj vb+ppo vb+rp vb+to vb+vb vbd vbg vbg+to vbn vbn+to vbz",
        ["X"] = "do+ppss nil wdt+ber+pp wdt+do+pps",
    });

    private static Dictionary<string, string> Build(Dictionary<string, string> byUniversal)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (universal, tags) in byUniversal)
            foreach (var tag in tags.Split(' ', StringSplitOptions.RemoveEmptyEntries)) map.Add(tag, universal);
        return map;
    }

    /// <summary>Whether the published mapping lists this tag (after its modifiers are removed).</summary>
    public static bool IsListed(string tag) => Base(tag) is var (b, foreign) && (foreign || Map.ContainsKey(b));

    /// <summary>The universal tag of a Brown tag (any case, with or without modifiers).</summary>
    public static string Of(string tag)
    {
        var (b, foreign) = Base(tag);
        if (foreign) return "X";
        if (Map.TryGetValue(b, out var u)) return u;
        int plus = b.IndexOf('+');
        return plus > 0 && Map.TryGetValue(b[..plus], out var first) ? first : "X";
    }

    private static (string Base, bool Foreign) Base(string tag)
    {
        string t = tag.ToLowerInvariant();
        bool foreign = t.StartsWith("fw-", StringComparison.Ordinal);
        return (Tagsets.Simplify(t), foreign);
    }
}
