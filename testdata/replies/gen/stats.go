package main

import (
	"fmt"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// runStats prints the distribution tables pasted into README.md.
func runStats(dir string) {
	raw, err := os.ReadFile(filepath.Join(dir, "cases.yaml"))
	must(err)
	var es []entry
	must(yaml.Unmarshal(raw, &es))
	table := func(title string, key func(entry) []string) {
		c := map[string]int{}
		for _, e := range es {
			for _, k := range key(e) {
				c[k]++
			}
		}
		var ks []string
		for k := range c {
			ks = append(ks, k)
		}
		sort.Slice(ks, func(i, j int) bool { return c[ks[i]] > c[ks[j]] || c[ks[i]] == c[ks[j]] && ks[i] < ks[j] })
		fmt.Printf("| %s | cases |\n|---|---:|\n", title)
		for _, k := range ks {
			fmt.Printf("| %s | %d |\n", k, c[k])
		}
		fmt.Println()
	}
	one := func(f func(entry) string) func(entry) []string {
		return func(e entry) []string { return []string{f(e)} }
	}
	fmt.Printf("%d cases.\n\n", len(es))
	table("client", one(func(e entry) string { return e.Client }))
	table("lang", one(func(e entry) string { return e.Lang }))
	table("intent", one(func(e entry) string { return e.Intent }))
	table("posting", one(func(e entry) string { return e.Posting }))
	// Cross table intent × lang.
	langs := []string{"en", "de", "es", "fr", "pt", "it", "nl"}
	intents := []string{"accept", "decline", "counter", "question", "draft", "published", "unclear", "auto"}
	fmt.Printf("| intent \\ lang | %s |\n|---|%s\n", strings.Join(langs, " | "), strings.Repeat("---:|", len(langs)))
	for _, in := range intents {
		row := []string{}
		for _, l := range langs {
			n := 0
			for _, e := range es {
				if e.Intent == in && e.Lang == l {
					n++
				}
			}
			row = append(row, fmt.Sprint(n))
		}
		fmt.Printf("| %s | %s |\n", in, strings.Join(row, " | "))
	}
	fmt.Println()
	// Features.
	feat := map[string]int{}
	for _, e := range es {
		for _, l := range e.Links {
			feat["links with role "+l.Role]++
		}
		sig := false
		for _, l := range e.Links {
			sig = sig || l.Role == "signature"
		}
		if sig {
			feat["cases with a signature link"]++
		}
		if len(e.Items) > 0 {
			feat["counters priced per item"]++
		}
		if e.Range != "" {
			feat["counters given as a range"]++
		}
	}
	for _, f := range []string{"eml"} {
		_ = f
	}
	hdrAuto, bodyAuto := 0, 0
	cte := map[string]int{}
	cs := map[string]int{}
	htmlOnly, fwd := 0, 0
	for _, e := range es {
		b, _ := os.ReadFile(filepath.Join(dir, e.File))
		s := strings.ToLower(string(b))
		hdr := strings.ToLower(string(rawHeader(filepath.Join(dir, e.File))))
		body := strings.ToLower(decodedText(filepath.Join(dir, e.File)))
		if e.Intent == "auto" {
			subj := strings.ToLower(decodedSubject(filepath.Join(dir, e.File)))
			if strings.Contains(hdr, "\nauto-submitted:") || strings.Contains(hdr, "\nx-autoreply:") || strings.Contains(hdr, "\nprecedence: auto_reply") || !strings.HasPrefix(subj, "re:") && !strings.HasPrefix(subj, "aw:") && !strings.HasPrefix(subj, "r:") && !strings.HasPrefix(subj, "re :") {
				hdrAuto++
			} else {
				bodyAuto++
			}
		}
		for _, c := range []string{"quoted-printable", "base64", "8bit"} {
			if strings.Contains(s, "content-transfer-encoding: "+c) {
				cte[c]++
			}
		}
		for _, c := range []string{"iso-8859-1", "iso-8859-15", "windows-1252"} {
			if strings.Contains(s, "charset="+c) || strings.Contains(s, "charset=\""+c) {
				cs[c]++
			}
		}
		if e.Posting != "none" && strings.Contains(body, "fee: ") {
			feat["quoted history containing our \"Fee:\" line"]++
		}
		if !strings.Contains(s, "text/plain") {
			htmlOnly++
		}
		s = body
		if strings.Contains(s, "forwarded message") || strings.Contains(s, "forwarded message:") || strings.Contains(s, "weitergeleiteten") || strings.Contains(s, "réexpédié") || strings.Contains(s, "reenviado") || strings.Contains(s, "encaminhada") || strings.Contains(s, "inoltrato") || strings.Contains(s, "doorgestuurd") {
			fwd++
		}
	}
	feat["auto-replies with an auto header or subject"] = hdrAuto
	feat["auto-replies without any header (body only, Re: subject)"] = bodyAuto
	feat["HTML-only messages"] = htmlOnly
	feat["forwarded blocks"] = fwd
	for k, v := range cte {
		feat["Content-Transfer-Encoding "+k+" (messages)"] = v
	}
	for k, v := range cs {
		feat["charset "+k+" (messages)"] = v
	}
	var ks []string
	for k := range feat {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	fmt.Printf("| feature | count |\n|---|---:|\n")
	for _, k := range ks {
		fmt.Printf("| %s | %d |\n", k, feat[k])
	}
}

func decodedText(path string) string {
	f, err := os.Open(path)
	must(err)
	defer f.Close()
	m, err := mail.ReadMessage(f)
	must(err)
	var d decoded
	must(decodePart(m.Header, m.Body, &d))
	out := strings.Join(d.text, "\n")
	for _, h := range d.html {
		out += "\n" + visible(h)
	}
	return out
}

func decodedSubject(path string) string {
	f, err := os.Open(path)
	must(err)
	defer f.Close()
	m, err := mail.ReadMessage(f)
	must(err)
	dec := new(mime.WordDecoder)
	dec.CharsetReader = charsetReader
	s, _ := dec.DecodeHeader(m.Header.Get("Subject"))
	return s
}
