package safetext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

func TestTerminalShowsControlsInsteadOfObeyingThem(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, ünïcödé 👍": "plain text, ünïcödé 👍",
		"two\nlines\tand a tab": "two\nlines\tand a tab",
		"\x1b[2J\x1b[Hcleared":  `\x1b[2J\x1b[Hcleared`,
		"\x1b]0;pwned\x07title": `\x1b]0;pwned\x07title`,
		"over\rwrite":           `over\x0dwrite`,
		"back\bspace\x7f":       `back\x08space\x7f`,
		"c1 \u009b31m csi":      `c1 \u009b31m csi`,
		"bad \xff\xfe bytes":    `bad \xff\xfe bytes`,
		"abc\u202edcba":         `abc\u202edcba`,
		"nul\x00byte":           `nul\x00byte`,
	} {
		require.Equal(t, want, Terminal(in), "%q", in)
	}
	require.Equal(t, `a\x0ab\x09c`, TerminalLine("a\nb\tc"))
}

func TestSlackMakesCommandsInert(t *testing.T) {
	require.Equal(t, "&lt;!channel&gt; look &amp; see &lt;@U123&gt;", Slack("<!channel> look & see <@U123>"))
	require.Equal(t, "&lt;https://evil.example|Approve here&gt;", Slack("<https://evil.example|Approve here>"))
	require.Equal(t, "keep\nlines", Slack("keep\nlines\x1b"))
	require.Equal(t, "one line", SlackLine("one\nline"))
	require.Equal(t, ":warning: post &lt;!channel&gt; gone\n> 404 &lt;https://x|y&gt; &amp; more", SlackQuoted(":warning: post <!channel> gone\n> 404 <https://x|y> & more"))

	require.Equal(t, "<https://drive.example/d/1?a=1&amp;b=2|Draft 2>", SlackLink("https://drive.example/d/1?a=1&b=2", "Draft 2"))
	require.Equal(t, "<https://x.example/a%7CClick%20me|Draft 1>", SlackLink("https://x.example/a|Click me", "Draft 1"),
		"a | in the URL cannot start a label of the sender's choosing")
	require.Equal(t, "<https://x.example/%3C!channel%3E|Draft ¦ &lt;!here&gt;>", SlackLink("https://x.example/<!channel>", "Draft | <!here>"))
	require.Equal(t, "Draft 1 (javascript:alert(1))", SlackLink("javascript:alert(1)", "Draft 1"))
}

func FuzzSafeText(f *testing.F) {
	for _, s := range []string{"", "<!channel>", "\x1b[31mred", "a|b", "https://x|y", "\xff", "\u202e", "\u009b", "&amp;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Terminal(s), TerminalLine(s)} {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q", s)
			}
			for _, r := range out {
				if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
					t.Fatalf("control %U left in %q (from %q)", r, out, s)
				}
			}
		}
		if strings.ContainsAny(TerminalLine(s), "\n\t") {
			t.Fatalf("TerminalLine kept a newline or tab: %q", s)
		}
		sl := Slack(s)
		if strings.ContainsAny(sl, "<>") {
			t.Fatalf("Slack left a < or >: %q", sl)
		}
		link := SlackLink("https://x.example/"+s, s)
		if strings.Count(link, "<") > 1 || strings.Count(link, ">") > 1 || (strings.HasPrefix(link, "<") && strings.Count(link, "|") != 1) {
			t.Fatalf("SlackLink is not one link: %q", link)
		}
	})
}

func TestWriterEscapesAcrossWrites(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b)
	for _, chunk := range []string{"jane: \x1b[2J", "caf", "\xc3", "\xa9 ok\n", "\xff"} {
		n, err := w.Write([]byte(chunk))
		require.NoError(t, err)
		require.Equal(t, len(chunk), n)
	}
	require.Equal(t, "jane: \\x1b[2Jcafé ok\n\\xff", b.String(), "é split across writes arrives whole")
}
