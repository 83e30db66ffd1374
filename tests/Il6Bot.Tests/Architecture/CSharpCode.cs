using System.Text;

namespace Il6Bot.Tests.Architecture;

/// <summary>
/// The code of a C# source file with its comments and the text of its string and char literals blanked out,
/// so an architecture rule over names is not tripped by prose ("Discord caps a nonce at 25 characters") and
/// cannot be dodged by code inside an interpolation hole (kept, nested strings and all).
/// </summary>
public static class CSharpCode
{
    public static string Of(string source)
    {
        var code = new StringBuilder(source.Length);
        var i = 0;
        ReadCode(source, ref i, code, hole: false);
        return code.ToString();
    }

    /// <summary>Reads code to the end, or, in an interpolation <paramref name="hole"/>, to the brace that closes it.</summary>
    private static void ReadCode(string s, ref int i, StringBuilder code, bool hole)
    {
        var depth = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '/' && At(s, i + 1) == '/')
            {
                var end = s.IndexOf('\n', i);
                i = end < 0 ? s.Length : end;
            }
            else if (c == '/' && At(s, i + 1) == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? s.Length : end + 2;
                code.Append(' ');
            }
            else if (c == '\'')
            {
                SkipCharLiteral(s, ref i);
                code.Append("' '");
            }
            else if (c == '"' || (c is '$' or '@' && StartsString(s, i)))
            {
                ReadString(s, ref i, code);
                code.Append("\"\"");
            }
            else if (hole && c == '}' && depth-- == 0)
            {
                i++;
                return;
            }
            else
            {
                depth += hole && c == '{' ? 1 : 0;
                code.Append(c);
                i++;
            }
        }
    }

    private static bool StartsString(string s, int i)
    {
        while (At(s, i) is '$' or '@')
        {
            i++;
        }

        return At(s, i) == '"';
    }

    private static void SkipCharLiteral(string s, ref int i)
    {
        i++;
        while (i < s.Length && s[i] != '\'')
        {
            i += s[i] == '\\' ? 2 : 1;
        }

        i++;
    }

    /// <summary>Skips a regular, verbatim, raw or interpolated literal, reading the code of its holes into <paramref name="code"/>.</summary>
    private static void ReadString(string s, ref int i, StringBuilder code)
    {
        var dollars = 0;
        var verbatim = false;
        for (; s[i] is '$' or '@'; i++)
        {
            dollars += s[i] == '$' ? 1 : 0;
            verbatim |= s[i] == '@';
        }

        var quotes = 0;
        while (At(s, i + quotes) == '"')
        {
            quotes++;
        }

        var raw = quotes >= 3;
        if (quotes == 2)
        {
            i += 2; // ""
            return;
        }

        i += raw ? quotes : 1;
        while (i < s.Length)
        {
            var c = s[i];
            if (raw && c == '"' && Run(s, i, '"') >= quotes)
            {
                i += quotes;
                return;
            }

            if (!raw && c == '"')
            {
                if (verbatim && At(s, i + 1) == '"')
                {
                    i += 2;
                    continue;
                }

                i++;
                return;
            }

            if (!raw && !verbatim && c == '\\')
            {
                i += 2;
                continue;
            }

            var braces = c == '{' && dollars > 0 ? Run(s, i, '{') : 0;
            if (braces >= dollars && braces > 0 && (raw || braces == 1))
            {
                // In a raw literal with n dollars, the last n of a run of braces open the hole; elsewhere "{{" is a brace.
                i += braces;
                code.Append(' ');
                ReadCode(s, ref i, code, hole: true);
                i += raw ? dollars - 1 : 0;
                continue;
            }

            i += braces > 0 ? braces : 1;
        }
    }

    private static int Run(string s, int i, char c)
    {
        var n = 0;
        while (At(s, i + n) == c)
        {
            n++;
        }

        return n;
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';
}
