namespace Il6Bot.Features.Il6.Search;

/// <summary>
/// Martin Porter's 1980 suffix-stripping stemmer, following his reference implementation step by step.
/// Written here rather than taken from Lucene.Net: the vocabulary is one article, and a few hundred
/// lines beat loading a search engine's assemblies at start-up.
/// </summary>
public static class PorterStemmer
{
    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
        ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
        ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
        ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
        ("logi", "log"),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("icate", "ic"), ("ative", string.Empty), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"),
        ("ful", string.Empty), ("ness", string.Empty),
    ];

    // Longer suffixes that end like shorter ones come first (ement before ment before ent).
    private static readonly string[] Step4Suffixes =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou",
        "ism", "ate", "iti", "ous", "ive", "ize",
    ];

    /// <summary>Stems one lower-case word; words of one or two letters are returned unchanged.</summary>
    public static string Stem(string word)
    {
        if (word.Length <= 2)
        {
            return word;
        }

        var stemmer = new Stemmer(word);
        return stemmer.Run();
    }

    private sealed class Stemmer(string word)
    {
        private readonly char[] _b = [.. word, .. new char[8]];
        private int _k = word.Length - 1;
        private int _j;

        public string Run()
        {
            Step1ab();
            if (_k > 0)
            {
                Step1c();
                Step2();
                Step3();
                Step4();
                Step5();
            }

            return new string(_b, 0, _k + 1);
        }

        private bool IsConsonant(int i) => _b[i] switch
        {
            'a' or 'e' or 'i' or 'o' or 'u' => false,
            'y' => i == 0 || !IsConsonant(i - 1),
            _ => true,
        };

        /// <summary>The number of vowel-consonant sequences in b[0..j].</summary>
        private int Measure()
        {
            var n = 0;
            var i = 0;
            while (true)
            {
                if (i > _j)
                {
                    return n;
                }

                if (!IsConsonant(i))
                {
                    break;
                }

                i++;
            }

            i++;
            while (true)
            {
                while (true)
                {
                    if (i > _j)
                    {
                        return n;
                    }

                    if (IsConsonant(i))
                    {
                        break;
                    }

                    i++;
                }

                i++;
                n++;
                while (true)
                {
                    if (i > _j)
                    {
                        return n;
                    }

                    if (!IsConsonant(i))
                    {
                        break;
                    }

                    i++;
                }

                i++;
            }
        }

        private bool VowelInStem()
        {
            for (var i = 0; i <= _j; i++)
            {
                if (!IsConsonant(i))
                {
                    return true;
                }
            }

            return false;
        }

        private bool DoubleConsonant(int i) => i >= 1 && _b[i] == _b[i - 1] && IsConsonant(i);

        /// <summary>consonant-vowel-consonant ending at i, the last not w, x or y (hop, not snow).</summary>
        private bool Cvc(int i) =>
            i >= 2 && IsConsonant(i) && !IsConsonant(i - 1) && IsConsonant(i - 2) && _b[i] is not ('w' or 'x' or 'y');

        private bool Ends(string suffix)
        {
            var offset = _k - suffix.Length + 1;
            if (offset < 0)
            {
                return false;
            }

            for (var i = 0; i < suffix.Length; i++)
            {
                if (_b[offset + i] != suffix[i])
                {
                    return false;
                }
            }

            _j = _k - suffix.Length;
            return true;
        }

        private void SetTo(string replacement)
        {
            replacement.CopyTo(0, _b, _j + 1, replacement.Length);
            _k = _j + replacement.Length;
        }

        private void ReplaceIfMeasured(string replacement)
        {
            if (Measure() > 0)
            {
                SetTo(replacement);
            }
        }

        private void Step1ab()
        {
            if (_b[_k] == 's')
            {
                if (Ends("sses"))
                {
                    _k -= 2;
                }
                else if (Ends("ies"))
                {
                    SetTo("i");
                }
                else if (_b[_k - 1] != 's')
                {
                    _k--;
                }
            }

            if (Ends("eed"))
            {
                if (Measure() > 0)
                {
                    _k--;
                }
            }
            else if ((Ends("ed") || Ends("ing")) && VowelInStem())
            {
                _k = _j;
                if (Ends("at"))
                {
                    SetTo("ate");
                }
                else if (Ends("bl"))
                {
                    SetTo("ble");
                }
                else if (Ends("iz"))
                {
                    SetTo("ize");
                }
                else if (DoubleConsonant(_k))
                {
                    _k--;
                    if (_b[_k] is 'l' or 's' or 'z')
                    {
                        _k++;
                    }
                }
                else if (Measure() == 1 && Cvc(_k))
                {
                    SetTo("e");
                }
            }
        }

        private void Step1c()
        {
            if (Ends("y") && VowelInStem())
            {
                _b[_k] = 'i';
            }
        }

        private void Step2() => ApplyFirst(Step2Rules);

        private void Step3() => ApplyFirst(Step3Rules);

        // The first rule whose suffix matches decides, even when the stem is too short to replace it.
        private void ApplyFirst((string Suffix, string Replacement)[] rules)
        {
            foreach (var (suffix, replacement) in rules)
            {
                if (Ends(suffix))
                {
                    ReplaceIfMeasured(replacement);
                    return;
                }
            }
        }

        private void Step4()
        {
            foreach (var suffix in Step4Suffixes)
            {
                if (!Ends(suffix))
                {
                    continue;
                }

                if (suffix == "ion" && (_j < 0 || _b[_j] is not ('s' or 't')))
                {
                    continue;
                }

                if (Measure() > 1)
                {
                    _k = _j;
                }

                return;
            }
        }

        private void Step5()
        {
            _j = _k;
            if (_b[_k] == 'e')
            {
                var m = Measure();
                if (m > 1 || (m == 1 && !Cvc(_k - 1)))
                {
                    _k--;
                }
            }

            if (_b[_k] == 'l' && DoubleConsonant(_k) && Measure() > 1)
            {
                _k--;
            }
        }
    }
}
