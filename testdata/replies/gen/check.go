package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"
	"gopkg.in/yaml.v3"
)

var iso4217 = map[string]bool{}

func init() {
	for _, c := range strings.Fields("USD EUR GBP CHF SEK NOK DKK PLN CZK HUF BRL MXN ARS CLP COP PEN CAD AUD NZD JPY INR SGD HKD ZAR AED TRY CNY KRW IDR PHP THB MYR") {
		iso4217[c] = true
	}
}

var moneyRe = regexp.MustCompile(`^(\d+\.\d{2}) ([A-Z]{3})$`)

func parseMoney(s string) (float64, string, error) {
	m := moneyRe.FindStringSubmatch(s)
	if m == nil {
		return 0, "", fmt.Errorf("bad money %q", s)
	}
	if !iso4217[m[2]] {
		return 0, "", fmt.Errorf("unknown currency %q", m[2])
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v, m[2], nil
}

func norm(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

type decoded struct{ text, html []string }

func decodePart(h map[string][]string, r io.Reader, out *decoded) error {
	ct := ""
	if v := h["Content-Type"]; len(v) > 0 {
		ct = v[0]
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("content-type %q: %w", ct, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(r, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := decodePart(p.Header, p, out); err != nil {
				return err
			}
		}
	}
	var body []byte
	cte := ""
	if v := h["Content-Transfer-Encoding"]; len(v) > 0 {
		cte = strings.ToLower(v[0])
	}
	switch cte {
	case "quoted-printable":
		body, err = io.ReadAll(quotedprintable.NewReader(r))
	case "base64":
		var raw []byte
		raw, err = io.ReadAll(r)
		if err == nil {
			body, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(raw)), ""))
		}
	default:
		body, err = io.ReadAll(r)
	}
	if err != nil {
		return err
	}
	var s string
	switch strings.ToLower(params["charset"]) {
	case "iso-8859-1":
		s, err = charmap.ISO8859_1.NewDecoder().String(string(body))
	case "windows-1252":
		s, err = charmap.Windows1252.NewDecoder().String(string(body))
	case "iso-8859-15":
		s, err = charmap.ISO8859_15.NewDecoder().String(string(body))
	default:
		s = string(body)
	}
	if err != nil {
		return err
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	switch mt {
	case "text/plain":
		if strings.Contains(ct, "format=flowed") {
			s = unflow(s)
		}
		out.text = append(out.text, s)
	case "text/html":
		out.html = append(out.html, s)
	}
	return nil
}

func unflow(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		b.WriteString(l)
		if !strings.HasSuffix(l, " ") || l == "-- " {
			b.WriteString("\n")
		}
	}
	return b.String()
}

var tagRe = regexp.MustCompile(`(?s)<[^>]*>`)
var styleRe = regexp.MustCompile(`(?s)<(style|head)[^>]*>.*?</(style|head)>`)

func visible(h string) string {
	h = styleRe.ReplaceAllString(h, " ")
	h = tagRe.ReplaceAllString(h, " ")
	return html.UnescapeString(h)
}

func runCheck(dir string) int {
	bad := 0
	errf := func(f string, a ...any) { bad++; fmt.Printf(f+"\n", a...) }
	raw, err := os.ReadFile(filepath.Join(dir, "cases.yaml"))
	must(err)
	var entries []entry
	must(yaml.Unmarshal(raw, &entries))
	seen := map[string]bool{}
	valid := map[string]map[string]bool{
		"client":  set("gmail gmail-android outlook-desktop outlook-web outlook-mobile apple-mail ios-mail yahoo thunderbird other"),
		"lang":    set("en de es fr pt it nl"),
		"posting": set("top bottom inline none"),
		"intent":  set("accept decline counter question draft published unclear auto"),
		"role":    set("draft published signature"),
	}
	for _, e := range entries {
		if seen[e.File] {
			errf("%s: listed twice", e.File)
		}
		seen[e.File] = true
		for k, v := range map[string]string{"client": e.Client, "lang": e.Lang, "posting": e.Posting, "intent": e.Intent} {
			if !valid[k][v] {
				errf("%s: bad %s %q", e.File, k, v)
			}
		}
		if _, _, err := parseMoney(e.Offered); err != nil {
			errf("%s: offered: %v", e.File, err)
		}
		if e.Intent == "counter" {
			amt, cur, err := parseMoney(e.Amount)
			if err != nil {
				errf("%s: counter amount: %v", e.File, err)
			}
			if e.Amount == e.Offered {
				errf("%s: counter equal to offer", e.File)
			}
			if len(e.Items) > 0 {
				sum := 0.0
				for _, it := range e.Items {
					f := strings.SplitN(it, " ", 3)
					v, c, err := parseMoney(f[0] + " " + f[1])
					if err != nil || c != cur {
						errf("%s: item %q: %v", e.File, it, err)
					}
					sum += v
				}
				if math.Abs(sum-amt) > 0.001 {
					errf("%s: items sum %.2f != amount %.2f", e.File, sum, amt)
				}
			}
			if e.Range != "" {
				m := regexp.MustCompile(`^(\d+\.\d{2})-(\d+\.\d{2}) ([A-Z]{3})$`).FindStringSubmatch(e.Range)
				if m == nil || m[1]+" "+m[3] != e.Amount {
					errf("%s: range %q does not start at amount %q", e.File, e.Range, e.Amount)
				}
			}
		} else if e.Amount != "" || e.Range != "" || len(e.Items) > 0 {
			errf("%s: amount on a %s", e.File, e.Intent)
		}
		for _, l := range e.Links {
			if !valid["role"][l.Role] {
				errf("%s: bad role %q", e.File, l.Role)
			}
		}
		f, err := os.Open(filepath.Join(dir, e.File))
		if err != nil {
			errf("%s: %v", e.File, err)
			continue
		}
		m, err := mail.ReadMessage(f)
		if err != nil {
			errf("%s: %v", e.File, err)
			f.Close()
			continue
		}
		for _, hn := range []string{"From", "To", "Subject", "Date", "Message-Id", "In-Reply-To", "References"} {
			if m.Header.Get(hn) == "" {
				errf("%s: no %s", e.File, hn)
			}
		}
		for _, l := range strings.Split(string(rawHeader(filepath.Join(dir, e.File))), "\r\n") {
			if l != "" && l[0] != ' ' && l[0] != '\t' && !regexp.MustCompile(`^[A-Za-z-]+: `).MatchString(l) && !regexp.MustCompile(`^[A-Za-z-]+:$`).MatchString(l) {
				errf("%s: bad header line %q", e.File, l)
			}
		}
		if _, err := m.Header.Date(); err != nil {
			errf("%s: date: %v", e.File, err)
		}
		dec := new(mime.WordDecoder)
		dec.CharsetReader = charsetReader
		ap := mail.AddressParser{WordDecoder: dec}
		if _, err := ap.Parse(m.Header.Get("From")); err != nil {
			errf("%s: from: %v", e.File, err)
		}
		if _, err := dec.DecodeHeader(m.Header.Get("Subject")); err != nil {
			errf("%s: subject: %v", e.File, err)
		}
		var d decoded
		if err := decodePart(m.Header, m.Body, &d); err != nil {
			errf("%s: mime: %v", e.File, err)
		}
		f.Close()
		var all string
		for _, t := range d.text {
			all += t
		}
		if len(d.text) == 0 {
			for _, h := range d.html {
				all += visible(h)
			}
		}
		nall := norm(all)
		if !strings.Contains(nall, norm(e.Words)) {
			// inline: every paragraph of the words must appear in order
			pos := 0
			for _, para := range strings.Split(e.Words, "\n\n") {
				i := strings.Index(nall[pos:], norm(para))
				if i < 0 {
					errf("%s: words not in body: %q", e.File, norm(para))
					break
				}
				pos += i + len(norm(para))
			}
		}
		if e.Posting != "none" && !strings.Contains(nall, "Fee: ") && !strings.Contains(nall, "propose ") && !strings.Contains(nall, "good to post") && !strings.Contains(nall, "We'd like a few changes") {
			errf("%s: no quoted offer", e.File)
		}
		for _, l := range e.Links {
			if !strings.Contains(all, l.URL) {
				errf("%s: link %s not in body", e.File, l.URL)
			}
		}
		for _, u := range urlRe.FindAllString(e.Words, -1) {
			found := false
			for _, l := range e.Links {
				found = found || l.URL == u
			}
			if !found {
				errf("%s: link %s in words but not listed", e.File, u)
			}
		}
		for _, h := range d.html {
			if strings.Count(h, "<blockquote") != strings.Count(h, "</blockquote>") {
				errf("%s: unbalanced blockquote", e.File)
			}
		}
		if raw, _ := os.ReadFile(filepath.Join(dir, e.File)); bytes.Contains(raw, []byte("\r\n\r\n")) == false {
			errf("%s: no header/body separator", e.File)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			errf("%s: no entry in cases.yaml", filepath.Base(f))
		}
	}
	fmt.Printf("%d entries, %d files, %d problems\n", len(entries), len(files), bad)
	if bad > 0 {
		return 1
	}
	return 0
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(s) {
		m[f] = true
	}
	return m
}

func rawHeader(path string) []byte {
	b, _ := os.ReadFile(path)
	if i := bytes.Index(b, []byte("\r\n\r\n")); i >= 0 {
		return b[:i]
	}
	return b
}

func charsetReader(cs string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(cs) {
	case "iso-8859-1":
		return charmap.ISO8859_1.NewDecoder().Reader(in), nil
	case "windows-1252":
		return charmap.Windows1252.NewDecoder().Reader(in), nil
	case "iso-8859-15":
		return charmap.ISO8859_15.NewDecoder().Reader(in), nil
	}
	return nil, fmt.Errorf("charset %s", cs)
}
