using Il6Bot.Content;
using Il6Bot.Messages;

namespace Il6Bot.Features.Il6.Search;

// What the index keeps of one section, made once per content load.
public sealed partial class SectionIndex
{
    private const double TitleWeight = 3;

    /// <summary>An id or alias as a sequence of words and their stems.</summary>
    private sealed record Phrase(string[] Words, string[] Stems)
    {
        public static IEnumerable<Phrase> From(string text)
        {
            var words = TextAnalyzer.Words(text);
            if (words.Count > 0)
            {
                yield return new Phrase([.. words], [.. words.Select(TextAnalyzer.Stem)]);
            }

            foreach (var compound in TextAnalyzer.Compounds(text))
            {
                yield return new Phrase([compound], [TextAnalyzer.Stem(compound)]);
            }
        }
    }

    private sealed record Document(
        ContentSection Section,
        int Order,
        Dictionary<string, double> Terms,
        double Length,
        HashSet<string> Surfaces,
        IReadOnlyList<string> Names,
        Phrase[] Phrases)
    {
        public static Document Create(ContentSection section, int order)
        {
            var terms = new Dictionary<string, double>(StringComparer.Ordinal);
            var surfaces = new HashSet<string>(StringComparer.Ordinal);
            var length = 0.0;

            void AddText(string text, double weight)
            {
                foreach (var word in TextAnalyzer.Words(text).Concat(TextAnalyzer.Compounds(text)))
                {
                    if (TextAnalyzer.IsStopWord(word))
                    {
                        continue;
                    }

                    var stem = TextAnalyzer.Stem(word);
                    terms[stem] = terms.GetValueOrDefault(stem) + weight;
                    surfaces.Add(word);
                    length += weight;
                }
            }

            AddText(section.Title, TitleWeight);
            AddText(PlainText.Render(section.Body), 1);
            var names = section.Aliases.Prepend(section.Id).ToList();
            foreach (var name in names)
            {
                AddText(name, 1);
            }

            var phrases = names.SelectMany(Phrase.From).DistinctBy(p => string.Join(' ', p.Stems)).ToArray();
            return new Document(section, order, terms, length, surfaces, names, phrases);
        }
    }
}
