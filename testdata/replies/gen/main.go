// Command gen renders the reply corpus: it reads hand-written cases
// (cases/*.txt: the creator's words, closing, signature, client, language,
// expected reading) and offers (offers.txt), and writes each case as the
// raw message the named client would send, quoting our real templates, plus
// cases.yaml. The wording is all in the case files; this only does the MIME
// and the client's quoting conventions, so they stay consistent.
//
//	go run ./testdata/replies/gen          # from the module root
//	go run ./testdata/replies/gen -check   # re-parse every .eml and cases.yaml
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"flag"
	"fmt"
	"html"
	"mime"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/creatorflow/creatorflow/integrations/email"
	"golang.org/x/text/encoding/charmap"
	"gopkg.in/yaml.v3"
)

type kv map[string][]string

func (m kv) get(k string) string {
	if v := m[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

type block struct {
	name, arg string
	lines     []string
}

type spec struct {
	head   []string // client lang intent posting
	keys   kv
	blocks []block
	src    string
}

func (s spec) block(name string) (string, bool) {
	for _, b := range s.blocks {
		if b.name == name {
			return strings.Join(b.lines, "\n"), true
		}
	}
	return "", false
}

var blockRe = regexp.MustCompile(`^(words|closing|sig|footer|after|body):(?: (.*))?$`)
var keyRe = regexp.MustCompile(`^([a-z_]+): ?(.*)$`)

func parseSpecs(path string) []spec {
	f, err := os.ReadFile(path)
	must(err)
	var out []spec
	var cur *spec
	var inBlocks bool
	flush := func() {
		if cur != nil {
			for i := range cur.blocks {
				l := cur.blocks[i].lines
				for len(l) > 0 && strings.TrimSpace(l[len(l)-1]) == "" {
					l = l[:len(l)-1]
				}
				cur.blocks[i].lines = l
			}
			out = append(out, *cur)
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(f))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	ln := 0
	for sc.Scan() {
		ln++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.HasPrefix(line, "### ") {
			flush()
			cur = &spec{head: strings.Fields(line[4:]), keys: kv{}, src: fmt.Sprintf("%s:%d", filepath.Base(path), ln)}
			inBlocks = false
			continue
		}
		if cur == nil {
			continue
		}
		if m := blockRe.FindStringSubmatch(line); m != nil {
			cur.blocks = append(cur.blocks, block{name: m[1], arg: m[2]})
			inBlocks = true
			continue
		}
		if inBlocks {
			b := &cur.blocks[len(cur.blocks)-1]
			b.lines = append(b.lines, line)
			continue
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := keyRe.FindStringSubmatch(line)
		if m == nil {
			fail("%s: bad line %q", cur.src, line)
		}
		cur.keys[m[1]] = append(cur.keys[m[1]], m[2])
	}
	flush()
	return out
}

// ---------- offers

type offer struct {
	ID, Brand, Domain, Campaign, CampaignID, Fee string
	Deliverables                                 []string
	Posting, Usage, Disclosure, Pitch            string
	Sent                                         time.Time
	Counter, NewFee, Feedback, DueBy, Tracking   string
	Promo                                        string
}

func loadOffers(path string) map[string]*offer {
	out := map[string]*offer{}
	for _, s := range parseSpecs(path) {
		k := s.keys
		o := &offer{ID: s.head[1], Brand: k.get("brand"), Domain: k.get("domain"), Campaign: k.get("campaign"),
			CampaignID: k.get("id"), Fee: k.get("fee"), Posting: k.get("posting"), Usage: k.get("usage"),
			Disclosure: k.get("disclosure"), Pitch: k.get("pitch"), Counter: k.get("counter"), NewFee: k.get("newfee"),
			Feedback: k.get("feedback"), DueBy: k.get("dueby"), Tracking: k.get("tracking"), Promo: k.get("promo")}
		for _, d := range strings.Split(k.get("deliverables"), ";") {
			o.Deliverables = append(o.Deliverables, strings.TrimSpace(d))
		}
		t, err := time.Parse("2006-01-02 15:04:05 -0700", k.get("sent"))
		if err != nil {
			fail("offer %s: sent: %v", o.ID, err)
		}
		o.Sent = t
		if o.Disclosure == "" {
			o.Disclosure = "#ad"
		}
		out[o.ID] = o
	}
	return out
}

// ---------- locale tables

var wdShort = map[string][]string{
	"en": {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
	"de": {"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."},
	"es": {"dom", "lun", "mar", "mié", "jue", "vie", "sáb"},
	"fr": {"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."},
	"pt": {"dom.", "seg.", "ter.", "qua.", "qui.", "sex.", "sáb."},
	"it": {"dom", "lun", "mar", "mer", "gio", "ven", "sab"},
	"nl": {"zo", "ma", "di", "wo", "do", "vr", "za"},
}
var wdLong = map[string][]string{
	"en": {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	"de": {"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
	"es": {"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
	"fr": {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
	"pt": {"domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"},
	"it": {"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"},
	"nl": {"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"},
}
var monShort = map[string][]string{
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	"de": {"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
	"es": {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
	"fr": {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
	"pt": {"jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."},
	"it": {"gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"},
	"nl": {"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
}
var monLong = map[string][]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"pt": {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
	"it": {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
	"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
}

func hm(t time.Time) string { return t.Format("15:04") }

func ampm(t time.Time, sp string) string { return t.Format("3:04") + sp + t.Format("PM") }

// ---------- case rendering

type link struct {
	URL  string `yaml:"url"`
	Role string `yaml:"role"`
}

type entry struct {
	File    string   `yaml:"file"`
	Client  string   `yaml:"client"`
	Lang    string   `yaml:"lang"`
	Posting string   `yaml:"posting"`
	Offered string   `yaml:"offered"`
	Intent  string   `yaml:"intent"`
	Amount  string   `yaml:"amount,omitempty"`
	Range   string   `yaml:"range,omitempty"`
	Items   []string `yaml:"items,omitempty,flow"`
	Links   []link   `yaml:"links,omitempty"`
	Words   string   `yaml:"words"`
	Note    string   `yaml:"note,omitempty"`
}

type rc struct {
	n                    int
	s                    spec
	o                    *offer
	client, lang, intent string
	posting, style       string
	fromName, fromAddr   string
	first, handle        string
	toAddr, ourName      string
	ourAddr              string
	origSubj             string
	qtext, qhtml         string // the message quoted
	sent, date           time.Time
	words, closing, sig  string
	footer               string
	segs                 []block
	hdr                  []string
}

func hex20(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:])[:20] }

func hexN(s string, n int) string {
	h := sha256.Sum256([]byte(s))
	x := hex.EncodeToString(h[:]) + hex.EncodeToString(h[:])
	return x[:n]
}

func upperHex(s string, n int) string { return strings.ToUpper(hexN(s, n)) }

func uuid(s string) string {
	x := upperHex(s, 32)
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

var footers = map[string]map[string]string{
	"ios-mail":        {"en": "Sent from my iPhone", "de": "Von meinem iPhone gesendet", "es": "Enviado desde mi iPhone", "fr": "Envoyé de mon iPhone", "pt": "Enviado do meu iPhone", "it": "Inviato da iPhone", "nl": "Verstuurd vanaf mijn iPhone"},
	"outlook-mobile":  {"en": "Get Outlook for iOS", "de": "Outlook für iOS beziehen", "es": "Obtener Outlook para iOS", "fr": "Télécharger Outlook pour iOS", "pt": "Obter o Outlook para iOS", "it": "Scarica Outlook per iOS", "nl": "Outlook voor iOS downloaden"},
	"outlook-android": {"en": "Get Outlook for Android", "de": "Outlook für Android herunterladen", "es": "Obtener Outlook para Android", "fr": "Télécharger Outlook pour Android", "pt": "Obter o Outlook para Android", "it": "Scarica Outlook per Android", "nl": "Outlook voor Android downloaden"},
	"yahoo":           {"en": "Sent from Yahoo Mail for iPhone", "de": "Gesendet von Yahoo Mail für iPhone", "es": "Enviado desde Yahoo Mail para iPhone", "fr": "Envoyé de Yahoo Mail pour iPhone", "pt": "Enviado do Yahoo Mail para iPhone", "it": "Inviato da Yahoo Mail per iPhone", "nl": "Verzonden vanuit Yahoo Mail voor iPhone"},
	"yahoo-android":   {"en": "Sent from Yahoo Mail on Android", "de": "Gesendet von Yahoo Mail auf Android", "es": "Enviado desde Yahoo Mail con Android", "fr": "Envoyé depuis Yahoo Mail pour Android", "pt": "Enviado do Yahoo Mail no Android", "it": "Inviato da Yahoo Mail su Android", "nl": "Verzonden vanaf Yahoo Mail op Android"},
	"samsung":         {"en": "Sent from my Galaxy", "de": "Von meinem Samsung Galaxy Smartphone gesendet.", "es": "Enviado desde mi Galaxy", "fr": "Envoyé de mon Galaxy", "pt": "Enviado do meu Galaxy", "it": "Inviato dal mio Galaxy", "nl": "Verzonden vanaf mijn Galaxy"},
	"proton":          {"en": "Sent with Proton Mail secure email.", "de": "Gesendet mit der sicheren E-Mail von Proton Mail.", "es": "Enviado con el correo electrónico seguro de Proton Mail.", "fr": "Envoyé avec l'e-mail sécurisé Proton Mail.", "pt": "Enviado com o e-mail seguro do Proton Mail.", "it": "Inviato con l'email sicura di Proton Mail.", "nl": "Verzonden met beveiligde e-mail van Proton Mail."},
}

var replyPrefix = map[string]map[string]string{
	"outlook": {"en": "RE: ", "de": "AW: ", "fr": "RE : ", "es": "RE: ", "it": "R: ", "nl": "RE: ", "pt": "RE: "},
}

func render(n int, s spec, offers map[string]*offer) (entry, []byte) {
	if len(s.head) != 4 {
		fail("%s: header wants client lang intent posting", s.src)
	}
	r := &rc{n: n, s: s, client: s.head[0], lang: s.head[1], intent: s.head[2], posting: s.head[3]}
	k := s.keys
	r.o = offers[k.get("offer")]
	if r.o == nil {
		fail("%s: unknown offer %q", s.src, k.get("offer"))
	}
	for key := range k {
		if !knownKeys[key] {
			fail("%s: unknown key %q", s.src, key)
		}
	}
	r.style = k.get("style")
	from := k.get("from")
	a, err := parseAddr(from)
	if err != nil {
		fail("%s: from: %v", s.src, err)
	}
	r.fromName, r.fromAddr = a[0], a[1]
	r.first = strings.Fields(r.fromName)[0]
	if v := k.get("first"); v != "" {
		r.first = v
	}
	r.handle = k.get("handle")
	if r.handle == "" {
		r.handle = strings.ToLower(strings.Split(r.fromAddr, "@")[0])
		r.handle = regexp.MustCompile(`[^a-z0-9_]`).ReplaceAllString(r.handle, "")
	}
	r.ourName = r.o.Brand + " Partnerships"
	r.ourAddr = "reply+" + r.o.CampaignID + "." + r.handle + "." + hex20(r.o.CampaignID+r.handle) + "@replies." + r.o.Domain
	r.toAddr = r.ourAddr
	if v := k.get("to"); v != "" {
		r.toAddr = v
	}
	stage := k.get("stage")
	if stage == "" {
		stage = "outreach"
		for suf, st := range map[string]string{"-counter": "counter", "-terms": "terms", "-changes": "changes", "-go": "goahead"} {
			if strings.HasSuffix(r.o.ID, suf) {
				stage = st
			}
		}
	}
	r.sent = r.o.Sent
	if v := k.get("sent"); v != "" {
		t, err := time.Parse("2006-01-02 15:04:05 -0700", v)
		must(err)
		r.sent = t
	}
	tz := k.get("tz")
	if tz == "" {
		tz = map[string]string{"en": "-0500", "de": "+0100", "es": "+0100", "fr": "+0100", "pt": "-0300", "it": "+0100", "nl": "+0100"}[r.lang]
	}
	loc := tzLoc(tz)
	r.sent = r.sent.In(loc)
	delay := time.Duration(37+(n*53)%900) * time.Minute
	if v := k.get("delay"); v != "" {
		d, err := time.ParseDuration(v)
		must(err)
		delay = d
	}
	r.date = r.sent.Add(delay).Add(time.Duration(n*7%59) * time.Second)

	d := email.Data{CreatorName: r.first, Brand: r.o.Brand, CampaignName: r.o.Campaign, Fee: r.o.Fee,
		Deliverables: r.o.Deliverables, PostingDate: r.o.Posting, UsageRights: r.o.Usage, Disclosure: r.o.Disclosure,
		Pitch: r.o.Pitch, Feedback: r.o.Feedback, DueBy: r.o.DueBy, TrackingLink: r.o.Tracking, PromoCode: r.o.Promo, Counter: r.o.Counter}
	offered := r.o.Fee
	switch stage {
	case "counter":
		d.Fee = r.o.NewFee
		offered = r.o.NewFee
		stage = "counter_proposal"
	case "goahead":
		stage = "go_ahead"
	}
	tpl, err := email.NewTemplates("")
	must(err)
	rd, err := tpl.Render(stage, d)
	if err != nil {
		fail("%s: render %s: %v", s.src, stage, err)
	}
	r.origSubj = rd.Subject
	r.qtext = strings.TrimRight(rd.Text, "\n")
	r.qhtml = strings.TrimSpace(rd.HTML)

	r.words, _ = s.block("words")
	r.closing, _ = s.block("closing")
	r.sig, _ = s.block("sig")
	fk := r.client
	if r.style == "android" && r.client == "outlook-mobile" {
		fk = "outlook-android"
	}
	if r.style == "android" && r.client == "yahoo" {
		fk = "yahoo-android"
	}
	if r.client == "other" && (r.style == "samsung" || r.style == "proton") {
		fk = r.style
	}
	if r.client == "yahoo" && r.style == "web" {
		fk = ""
	}
	if f, ok := footers[fk]; ok {
		r.footer = f[r.lang]
	}
	if v, ok := s.block("footer"); ok {
		r.footer = v
	}
	if k.get("footer") == "none" {
		r.footer = ""
	}
	for _, b := range s.blocks {
		if b.name == "after" {
			r.segs = append(r.segs, b)
		}
	}
	// tight: the closing follows the last line of the words with no blank
	// line between them, as when a signature is typed straight under the text.
	words, closing := r.words, r.closing
	if k.get("tight") == "yes" && closing != "" {
		r.words, r.closing = words+"\n"+closing, ""
	}
	msg := r.build()
	r.words, r.closing = words, closing

	e := entry{File: fmt.Sprintf("%03d-%s-%s-%s.eml", n, r.client, r.lang, r.intent), Client: r.client, Lang: r.lang,
		Posting: r.posting, Offered: canonFee(offered), Intent: r.intent, Amount: k.get("amount"), Range: k.get("range"),
		Items: k["item"], Note: k.get("note")}
	for _, l := range k["link"] {
		f := strings.Fields(l)
		if len(f) != 2 {
			fail("%s: link wants url role", s.src)
		}
		e.Links = append(e.Links, link{f[0], f[1]})
	}
	// Every link in the creator's new text must carry a role; links only in
	// the signature or client footer default to "signature".
	listed := map[string]bool{}
	for _, l := range e.Links {
		listed[l.URL] = true
	}
	for _, u := range urlRe.FindAllString(r.words+"\n"+joinSegs(r.segs), -1) {
		if !listed[u] {
			fail("%s: link %s in the words has no role", s.src, u)
		}
	}
	for _, u := range urlRe.FindAllString(r.closing+"\n"+r.sig+"\n"+r.newText(), -1) {
		if !listed[u] {
			listed[u] = true
			e.Links = append(e.Links, link{u, "signature"})
		}
	}
	if v := k.get("items"); v != "" {
		must(yaml.Unmarshal([]byte(v), &e.Items))
	}
	var ws []string
	if strings.TrimSpace(r.words) != "" {
		ws = append(ws, r.words)
	}
	for _, sg := range r.segs {
		ws = append(ws, strings.Join(sg.lines, "\n"))
	}
	if v, ok := s.block("body"); ok && len(ws) == 0 {
		ws = append(ws, v) // html-only raw body: words given separately
	}
	e.Words = strings.Join(ws, "\n\n") + "\n"
	if v := k.get("words_override"); v != "" {
		e.Words = v + "\n"
	}
	return e, msg
}

func joinSegs(b []block) string {
	var s []string
	for _, x := range b {
		s = append(s, strings.Join(x.lines, "\n"))
	}
	return strings.Join(s, "\n")
}

var knownKeys = set("offer from first handle to stage sent tz delay style amount range item items link note enc charset html auto subject fwd ampm frcolon footer trim words_override header refs tight")

func canonFee(f string) string { return strings.ReplaceAll(f, ",", "") }

func tzLoc(tz string) *time.Location {
	t, err := time.Parse("-0700", tz)
	must(err)
	_, off := t.Zone()
	return time.FixedZone("", off)
}

func parseAddr(s string) ([2]string, error) {
	i := strings.LastIndex(s, "<")
	if i < 0 || !strings.HasSuffix(s, ">") {
		return [2]string{}, fmt.Errorf("want Name <addr>: %q", s)
	}
	return [2]string{strings.TrimSpace(s[:i]), s[i+1 : len(s)-1]}, nil
}

// ---------- headers

func encWord(s, charset string) string {
	for _, r := range s {
		if r > 127 {
			if charset == "" {
				charset = "utf-8"
			}
			if charset != "utf-8" && charset != "UTF-8" {
				b := toCharset(s, charset)
				return mime.QEncoding.Encode(charset, string(b)) // bytes already in charset
			}
			return mime.QEncoding.Encode(charset, s)
		}
	}
	return s
}

func addrHdr(name, addr, charset string) string {
	if name == "" {
		return "<" + addr + ">"
	}
	for _, r := range name {
		if r > 127 {
			return encWord(name, charset) + " <" + addr + ">"
		}
	}
	if strings.ContainsAny(name, ",.;:@()") {
		return `"` + name + `" <` + addr + ">"
	}
	return name + " <" + addr + ">"
}

func fold(h string) string {
	if len(h) <= 78 {
		return h
	}
	// Fold at spaces before encoded words or addresses, as clients do.
	var out strings.Builder
	lineLen := 0
	for i, w := range strings.Split(h, " ") {
		if i > 0 {
			if i > 1 && lineLen+1+len(w) > 76 {
				out.WriteString("\r\n ")
				lineLen = 1
			} else {
				out.WriteByte(' ')
				lineLen++
			}
		}
		out.WriteString(w)
		lineLen += len(w)
	}
	return out.String()
}

// ---------- charsets and transfer encodings

func toCharset(s, cs string) []byte {
	switch strings.ToLower(cs) {
	case "", "utf-8", "us-ascii":
		return []byte(s)
	case "iso-8859-1":
		b, err := charmap.ISO8859_1.NewEncoder().String(s)
		if err != nil {
			fail("iso-8859-1 cannot hold %q: %v", firstNonLatin(s), err)
		}
		return []byte(b)
	case "windows-1252":
		b, err := charmap.Windows1252.NewEncoder().String(s)
		if err != nil {
			fail("windows-1252 cannot hold %q: %v", firstNonLatin(s), err)
		}
		return []byte(b)
	case "iso-8859-15":
		b, err := charmap.ISO8859_15.NewEncoder().String(s)
		if err != nil {
			fail("iso-8859-15 cannot hold %q: %v", firstNot(s, charmap.ISO8859_15), err)
		}
		return []byte(b)
	}
	fail("charset %s", cs)
	return nil
}

func firstNot(s string, cm *charmap.Charmap) string {
	for _, r := range s {
		if _, ok := cm.EncodeRune(r); !ok {
			return string(r)
		}
	}
	return ""
}

func firstNonLatin(s string) string {
	for _, r := range s {
		if r > 255 {
			return string(r)
		}
	}
	return ""
}

func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

type part struct {
	ctype, charset, cte, body string
	extra                     string // extra Content-Type params, e.g. format=flowed
	quoteCharset              bool
}

func (p part) bytes() []byte {
	var b bytes.Buffer
	cs := p.charset
	csParam := cs
	if p.quoteCharset {
		csParam = `"` + cs + `"`
	}
	fmt.Fprintf(&b, "Content-Type: %s; charset=%s%s\r\n", p.ctype, csParam, p.extra)
	raw := toCharset(p.body, cs)
	switch p.cte {
	case "quoted-printable":
		b.WriteString("Content-Transfer-Encoding: quoted-printable\r\n\r\n")
		var q bytes.Buffer
		w := quotedprintable.NewWriter(&q)
		_, err := w.Write([]byte(crlf(string(raw))))
		must(err)
		must(w.Close())
		b.Write(q.Bytes())
		b.WriteString("\r\n")
	case "base64":
		b.WriteString("Content-Transfer-Encoding: base64\r\n\r\n")
		enc := base64.StdEncoding.EncodeToString([]byte(crlf(string(raw))))
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\r\n")
	case "8bit", "7bit", "":
		if p.cte != "" {
			fmt.Fprintf(&b, "Content-Transfer-Encoding: %s\r\n", p.cte)
		}
		b.WriteString("\r\n")
		b.WriteString(crlf(string(raw)))
		b.WriteString("\r\n")
	default:
		fail("cte %s", p.cte)
	}
	return b.Bytes()
}

func isASCII(s string) bool {
	for _, r := range s {
		if r > 127 {
			return false
		}
	}
	return true
}

// ---------- text helpers

func wrap(s string, width int) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if len([]rune(line)) <= width {
			out = append(out, line)
			continue
		}
		indent := ""
		if strings.HasPrefix(line, "  - ") {
			indent = "    "
		}
		cur := ""
		for _, w := range strings.Fields(line) {
			if cur == "" {
				if strings.HasPrefix(line, "  ") && len(out) >= 0 && !strings.HasPrefix(cur, " ") && w == "-" {
					cur = "  -"
					continue
				}
				cur = w
				continue
			}
			if len([]rune(cur))+1+len([]rune(w)) > width {
				out = append(out, cur)
				cur = indent + w
				continue
			}
			cur += " " + w
		}
		out = append(out, cur)
	}
	return out
}

func quoteLines(text string, prefix string, width int) []string {
	var out []string
	for _, l := range wrap(text, width) {
		if l == "" {
			out = append(out, strings.TrimRight(prefix, " "))
		} else {
			out = append(out, prefix+l)
		}
	}
	return out
}

var urlRe = regexp.MustCompile(`https?://[^\s<>()]+[^\s<>().,;:!?]`)

func linkify(esc string) string {
	return urlRe.ReplaceAllStringFunc(esc, func(u string) string {
		return `<a href="` + u + `">` + u + `</a>`
	})
}

func htmlLines(text, open, close, blank string) string {
	var b strings.Builder
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == "" {
			b.WriteString(blank)
			continue
		}
		b.WriteString(open + linkify(html.EscapeString(l)) + close)
	}
	return b.String()
}

func join(parts ...string) string {
	var nz []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			nz = append(nz, p)
		}
	}
	return strings.Join(nz, "\n\n")
}

func main() {
	check := flag.Bool("check", false, "re-parse the corpus")
	stats := flag.Bool("stats", false, "print the distribution tables for README.md")
	flag.Parse()
	dir := findDir()
	if *stats {
		runStats(dir)
		return
	}
	if *check {
		os.Exit(runCheck(dir))
	}
	offers := loadOffers(filepath.Join(dir, "gen", "offers.txt"))
	files, _ := filepath.Glob(filepath.Join(dir, "gen", "cases", "*.txt"))
	// Batches keep the numbers they were written under: held-out cases
	// (251–370), the second blind batch (371–470) and the third (471–540) come after the
	// rest, whatever their names sort as.
	batch := func(f string) int {
		switch b := filepath.Base(f); {
		case strings.HasPrefix(b, "heldout-"):
			return 1
		case strings.HasPrefix(b, "blind2-"):
			return 2
		case strings.HasPrefix(b, "blind3-"):
			return 3
		}
		return 0
	}
	sort.Slice(files, func(i, j int) bool {
		if bi, bj := batch(files[i]), batch(files[j]); bi != bj {
			return bi < bj
		}
		return files[i] < files[j]
	})
	old, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	for _, f := range old {
		must(os.Remove(f))
	}
	var entries []entry
	n := 0
	for _, f := range files {
		for _, s := range parseSpecs(f) {
			n++
			e, msg := render(n, s, offers)
			must(os.WriteFile(filepath.Join(dir, e.File), msg, 0o644))
			entries = append(entries, e)
		}
	}
	var buf bytes.Buffer
	buf.WriteString("# Expected readings of the reply corpus; see README.md. Generated by gen/ from gen/cases/*.txt.\n")
	y, err := yaml.Marshal(entries)
	must(err)
	buf.Write(y)
	must(os.WriteFile(filepath.Join(dir, "cases.yaml"), buf.Bytes(), 0o644))
	fmt.Printf("%d cases\n", len(entries))
}

func findDir() string {
	for _, d := range []string{"testdata/replies", "..", "."} {
		if _, err := os.Stat(filepath.Join(d, "gen", "offers.txt")); err == nil {
			return d
		}
	}
	fail("run from the module root")
	return ""
}

func must(err error) {
	if err != nil {
		fail("%v", err)
	}
}

func fail(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "gen: "+f+"\n", a...)
	os.Exit(1)
}

var _ = strconv.Itoa

func toCharsetErr(s, cs string) ([]byte, error) {
	switch strings.ToLower(cs) {
	case "iso-8859-1":
		b, err := charmap.ISO8859_1.NewEncoder().String(s)
		return []byte(b), err
	case "windows-1252":
		b, err := charmap.Windows1252.NewEncoder().String(s)
		return []byte(b), err
	case "iso-8859-15":
		b, err := charmap.ISO8859_15.NewEncoder().String(s)
		return []byte(b), err
	}
	return []byte(s), nil
}
