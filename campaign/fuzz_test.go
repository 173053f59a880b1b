package campaign

import (
	"os"
	"strings"
	"testing"
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
