namespace Recurrent.Models.Tagging;

/// <summary>
/// Which tags a tagger predicts. <see cref="Brown"/>: the tags as written in the files (lower case, with their
/// modifiers: 472 in the bundled copy). <see cref="Simplified"/>: the Brown tags without the headline (-hl), title
/// (-tl), cited-word (-nc) and foreign-word (fw-) modifiers, which mark where a word stands rather than what it is.
/// <see cref="Universal"/>: the 12 tags of Petrov, Das and McDonald (2012) by their published Brown mapping
/// (<see cref="UniversalTags"/>). A user's own tags (CoNLL files) are read as <see cref="Brown"/> is: as written.
/// </summary>
public enum Tagset
{
    Brown,
    Simplified,
    Universal,
}
