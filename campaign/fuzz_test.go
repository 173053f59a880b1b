package campaign

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets: `go test` runs their seed corpora; `go test -fuzz FuzzX ./campaign` explores.

func FuzzParseBrief(f *testing.F) {
	if ex, err := os.ReadFile("../examples/spring-glow.yaml"); err == nil {
		f.Add(ex)
	}
	for _, s := range []string{
		"", "---", "id: x", "[1, 2]", "id: ok-id\nname: N\nbrand: B\ncolour: red",
		"budget: \"-5 USD\"", "budget: \"5 XXXX\"", "budget: 99999999999999999999999 USD",
		"timing:\n  follow_ups: [-1s]", "timing:\n  monitoring: [2h, 1h]", "creators_wanted: 1e400",
		"id: !!binary AAAA", "&a [*a, *a]", "id: \"\\xff\"", "offer:\n  fee: {a: 1}", "\t- bad indent",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseBrief(data)
		if err != nil {
			msg := err.Error()
			for _, line := range strings.Split(msg, "\n") {
				if !strings.HasPrefix(line, "brief: ") || len(strings.TrimSpace(strings.TrimPrefix(line, "brief: "))) < 3 {
					t.Fatalf("rejection without a clear message: %q (input %q)", msg, data)
				}
				for _, goism := range []string{"unmarshal", "!!", "campaign.", "EOF"} {
					if strings.Contains(line, goism) && !strings.Contains(string(data), goism) {
						t.Fatalf("rejection worded for Go, not for ops (%q): %q (input %q)", goism, line, data)
					}
				}
			}
			return
		}
		if verr := b.Validate(); verr != nil {
			t.Fatalf("accepted a brief that does not validate: %v", verr)
		}
	})
}

func FuzzClassifyReply(f *testing.F) {
	for _, s := range []string{"", "Yes, count me in!", "Thanks, but I'll pass", "yes but I'll pass",
		"Draft: https://drive.example/d/1.", "<https://x.test/a>", "http://", "https://\u00e9\u00e9", "\xff\xfe",
		strings.Repeat("yes ", 1000), "NOT INTERESTED", "httpS://Case.test/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := ClassifyReply(text)
		switch r.Intent {
		case IntentAccept, IntentDecline, IntentUnclear:
			if r.URL != "" {
				t.Fatalf("%s with a URL %q", r.Intent, r.URL)
			}
		case IntentLink:
			if r.URL == "" || !strings.Contains(text, r.URL) {
				t.Fatalf("link intent, URL %q not from the text %q", r.URL, text)
			}
		default:
			t.Fatalf("unknown intent %q", r.Intent)
		}
		if r.Text != strings.TrimSpace(text) {
			t.Fatalf("text changed: %q", r.Text)
		}
		_ = utf8.ValidString(r.Text)
	})
}

func FuzzParseRosterJSON(f *testing.F) {
	if ex, err := os.ReadFile("../examples/roster.json"); err == nil {
		f.Add(ex)
	}
	for _, s := range []string{"", "null", "{}", "[]", "[{}]", `[{"platform":"instagram","handle":"@Jane","email":"j@x.test","followers":1}]`,
		`[{"platform":"myspace","handle":"a","email":"nope","followers":-1}]`, `[{"colour":"red"}]`, `[1,2]`, `[{"followers":1e30}]`, "[" + strings.Repeat("[", 500)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, err := ParseRosterJSON(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "roster: ") || len(err.Error()) < len("roster: ")+5 {
				t.Fatalf("rejection without a clear message: %q", err)
			}
			return
		}
		for i, c := range cs {
			if verr := c.Validate(); verr != nil {
				t.Fatalf("accepted entry %d that does not validate: %v", i, verr)
			}
		}
	})
}
