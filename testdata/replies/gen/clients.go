package main

import (
	"fmt"
	"html"
	"strings"
	"time"
)

func wd(lang string, t time.Time, long bool) string {
	if long {
		return wdLong[lang][t.Weekday()]
	}
	return wdShort[lang][t.Weekday()]
}

func mon(lang string, t time.Time, long bool) string {
	if long {
		return monLong[lang][t.Month()-1]
	}
	return monShort[lang][t.Month()-1]
}

func (r *rc) sp() string {
	switch r.s.keys.get("ampm") {
	case "nbsp":
		return "\u00a0"
	case "space":
		return " "
	}
	return "\u202f"
}

func (r *rc) frColon() string {
	if r.s.keys.get("frcolon") == "nbsp" {
		return "\u00a0:"
	}
	return " :"
}

// attribution returns the client's "On … wrote:" line for our quoted message.
func (r *rc) attribution() string {
	t, l, na, a := r.sent, r.lang, r.ourName, r.ourAddr
	D := t.Day()
	Y := t.Year()
	switch r.client {
	case "gmail":
		switch l {
		case "de":
			return fmt.Sprintf("Am %s, %d. %s %d um %s Uhr schrieb %s <%s>:", wd(l, t, false), D, mon(l, t, false), Y, hm(t), na, a)
		case "es":
			return fmt.Sprintf("El %s, %d %s %d a las %s, %s (<%s>) escribió:", wd(l, t, false), D, mon(l, t, false), Y, hm(t), na, a)
		case "fr":
			return fmt.Sprintf("Le %s %d %s %d à %s, %s <%s> a écrit%s", wd(l, t, false), D, mon(l, t, false), Y, hm(t), na, a, r.frColon())
		case "pt":
			return fmt.Sprintf("Em %s, %d de %s de %d às %s, %s <%s> escreveu:", wd(l, t, false), D, mon(l, t, false), Y, hm(t), na, a)
		case "it":
			return fmt.Sprintf("Il giorno %s %d %s %d alle ore %s %s <%s> ha scritto:", wd(l, t, false), D, mon(l, t, false), Y, hm(t), na, a)
		case "nl":
			return fmt.Sprintf("Op %s %d %s %d om %s schreef %s <%s>:", wd(l, t, false), D, mon(l, t, false), Y, hm(t), na, a)
		}
		return fmt.Sprintf("On %s, %s %d, %d at %s %s <%s> wrote:", wd(l, t, false), mon(l, t, false), D, Y, ampm(t, r.sp()), na, a)
	case "gmail-android":
		switch l {
		case "de":
			return fmt.Sprintf("%s, %d. %s %d, %s hat %s <%s> geschrieben:", wd(l, t, false), D, mon(l, t, false), Y, hm(t), na, a)
		case "es":
			return fmt.Sprintf("El %s, %d %s %d, %s, %s <%s> escribió:", wd(l, t, false), D, mon(l, t, false), Y, hm(t), na, a)
		case "fr":
			return fmt.Sprintf("Le %s %d %s %d, %s, %s <%s> a écrit%s", wd(l, t, false), D, mon(l, t, false), Y, hm(t), na, a, r.frColon())
		case "pt":
			return fmt.Sprintf("Em %s, %d de %s de %d %s, %s <%s> escreveu:", wd(l, t, false), D, mon(l, t, false), Y, hm(t), na, a)
		case "it":
			return fmt.Sprintf("Il %s %d %s %d, %s %s <%s> ha scritto:", wd(l, t, false), D, mon(l, t, false), Y, hm(t), na, a)
		case "nl":
			return fmt.Sprintf("Op %s %d %s %d %s schreef %s <%s>:", wd(l, t, false), D, mon(l, t, false), Y, hm(t), na, a)
		}
		return fmt.Sprintf("On %s, %d %s %d, %s %s, <%s> wrote:", wd(l, t, false), D, mon(l, t, false), Y, hm(t), na, a)
	case "apple-mail", "ios-mail":
		switch l {
		case "de":
			return fmt.Sprintf("Am %s um %s schrieb %s <%s>:", t.Format("02.01.2006"), hm(t), na, a)
		case "es":
			return fmt.Sprintf("El %d %s %d, a las %s, %s <%s> escribió:", D, mon(l, t, false), Y, hm(t), na, a)
		case "fr":
			return fmt.Sprintf("Le %d %s %d à %s, %s <%s> a écrit%s", D, mon(l, t, false), Y, hm(t), na, a, r.frColon())
		case "pt":
			return fmt.Sprintf("Em %d de %s de %d, à(s) %s, %s <%s> escreveu:", D, mon(l, t, false), Y, hm(t), na, a)
		case "it":
			return fmt.Sprintf("Il giorno %d %s %d, alle ore %s, %s <%s> ha scritto:", D, mon(l, t, false), Y, hm(t), na, a)
		case "nl":
			return fmt.Sprintf("Op %d %s %d om %s heeft %s <%s> het volgende geschreven:", D, mon(l, t, false), Y, hm(t), na, a)
		}
		if r.style == "us" {
			return fmt.Sprintf("On %s %d, %d, at %s, %s <%s> wrote:", mon(l, t, false), D, Y, ampm(t, r.sp()), na, a)
		}
		return fmt.Sprintf("On %d %s %d, at %s, %s <%s> wrote:", D, mon(l, t, false), Y, hm(t), na, a)
	case "yahoo":
		sec := t.Format("15:04:05")
		switch l {
		case "de":
			return fmt.Sprintf("Am %s, %d. %s %d um %s MEZ hat %s <%s> Folgendes geschrieben:", wd(l, t, true), D, mon(l, t, true), Y, sec, na, a)
		case "es":
			return fmt.Sprintf("El %s, %d de %s de %d, %s %s, %s <%s> escribió:", wd(l, t, true), D, mon(l, t, true), Y, sec, tzLabel(t, "CET"), na, a)
		case "fr":
			return fmt.Sprintf("Le %s %d %s %d à %s %s, %s <%s> a écrit%s", wd(l, t, true), D, mon(l, t, true), Y, sec, tzLabel(t, "UTC+1"), na, a, r.frColon())
		case "pt":
			return fmt.Sprintf("Em %s, %d de %s de %d %s %s, %s <%s> escreveu:", wd(l, t, true), D, mon(l, t, true), Y, sec, tzLabel(t, "BRT"), na, a)
		case "it":
			return fmt.Sprintf("In %s %d %s %d, %s %s, %s <%s> ha scritto:", wd(l, t, true), D, mon(l, t, true), Y, sec, tzLabel(t, "CET"), na, a)
		case "nl":
			return fmt.Sprintf("Op %s %d %s %d om %s %s schreef %s <%s>:", wd(l, t, true), D, mon(l, t, true), Y, sec, tzLabel(t, "CET"), na, a)
		}
		return fmt.Sprintf("On %s, %s %d, %d, %s %s, %s <%s> wrote:", wd(l, t, true), mon(l, t, true), D, Y, t.Format("3:04:05 PM"), tzLabel(t, "GMT"), na, a)
	case "thunderbird":
		switch l {
		case "de":
			return fmt.Sprintf("Am %s um %s schrieb %s:", t.Format("02.01.06"), hm(t), na)
		case "es":
			return fmt.Sprintf("El %d/%d/%s a las %s, %s escribió:", D, t.Month(), t.Format("06"), hm(t), na)
		case "fr":
			return fmt.Sprintf("Le %s à %s, %s a écrit :", t.Format("02/01/2006"), hm(t), na)
		case "pt":
			return fmt.Sprintf("Em %s %s, %s escreveu:", t.Format("02/01/2006"), hm(t), na)
		case "it":
			return fmt.Sprintf("Il %s %s, %s ha scritto:", t.Format("02/01/06"), hm(t), na)
		case "nl":
			return fmt.Sprintf("Op %s om %s schreef %s:", t.Format("02-01-2006"), hm(t), na)
		}
		if r.style == "ampm" {
			return fmt.Sprintf("On %s %s, %s wrote:", t.Format("1/2/06"), t.Format("3:04 PM"), na)
		}
		return fmt.Sprintf("On %s %s, %s wrote:", t.Format("1/2/06"), hm(t), na)
	case "other":
		switch r.style {
		case "mutt":
			return fmt.Sprintf("On %s, %s wrote:", t.Format("Mon, Jan 02, 2006 at 03:04:05PM -0700"), na)
		case "spark":
			return fmt.Sprintf("On %d %s %d at %s %s, %s <%s>, wrote:", D, mon("en", t, false), Y, hm(t), t.Format("-0700"), na, a)
		case "proton":
			switch l {
			case "de":
				return fmt.Sprintf("Am %s, %d. %s %d um %s schrieb %s <%s>:", wd(l, t, true), D, mon(l, t, true), Y, hm(t), na, a)
			case "fr":
				return fmt.Sprintf("Le %s %d %s %d à %s, %s <%s> a écrit :", wd(l, t, true), D, mon(l, t, true), Y, hm(t), na, a)
			}
			return fmt.Sprintf("On %s, %s %s, %d at %s, %s <%s> wrote:", wd("en", t, true), mon("en", t, true), ordinal(D), Y, hm(t), na, a)
		}
		return fmt.Sprintf("On %s, %s <%s> wrote:", t.Format("02/01/2006 15:04"), na, a)
	}
	return ""
}

func ordinal(d int) string {
	suf := "th"
	switch {
	case d%10 == 1 && d != 11:
		suf = "st"
	case d%10 == 2 && d != 12:
		suf = "nd"
	case d%10 == 3 && d != 13:
		suf = "rd"
	}
	return fmt.Sprint(d) + suf
}

func tzLabel(t time.Time, def string) string {
	_, off := t.Zone()
	h := off / 3600
	switch {
	case def == "CET" && h == 1, def == "BRT" && h == -3:
		return def
	case def == "UTC+1":
		if h >= 0 {
			return fmt.Sprintf("UTC+%d", h)
		}
		return fmt.Sprintf("UTC%d", h)
	}
	if h >= 0 {
		return fmt.Sprintf("GMT+%d", h)
	}
	return fmt.Sprintf("GMT%d", h)
}

// outlookBlock is the From/Sent/To/Subject header block Outlook puts above a quote.
func (r *rc) outlookBlock(seconds bool) []string {
	t, l := r.sent, r.lang
	D, Y := t.Day(), t.Year()
	clock := hm(t)
	var sent string
	switch l {
	case "de":
		sent = fmt.Sprintf("%s, %d. %s %d %s", wd(l, t, true), D, mon(l, t, true), Y, clock)
	case "fr":
		sent = fmt.Sprintf("%s %d %s %d %s", wd(l, t, true), D, mon(l, t, true), Y, clock)
	case "es", "pt":
		sent = fmt.Sprintf("%s, %d de %s de %d %s", wd(l, t, true), D, mon(l, t, true), Y, clock)
	case "it", "nl":
		sent = fmt.Sprintf("%s %d %s %d %s", wd(l, t, true), D, mon(l, t, true), Y, clock)
	default:
		c := t.Format("3:04 PM")
		if seconds {
			c = t.Format("3:04:05 PM")
		}
		sent = fmt.Sprintf("%s, %s %d, %d %s", wd(l, t, true), mon(l, t, true), D, Y, c)
	}
	if seconds && l != "en" {
		sent += t.Format(":05")
	}
	lab := map[string][4]string{
		"en": {"From:", "Sent:", "To:", "Subject:"},
		"de": {"Von:", "Gesendet:", "An:", "Betreff:"},
		"fr": {"De :", "Envoyé :", "À :", "Objet :"},
		"es": {"De:", "Enviado el:", "Para:", "Asunto:"},
		"pt": {"De:", "Enviado:", "Para:", "Assunto:"},
		"it": {"Da:", "Inviato:", "A:", "Oggetto:"},
		"nl": {"Van:", "Verzonden:", "Aan:", "Onderwerp:"},
	}[l]
	if l == "es" && r.client != "outlook-desktop" {
		lab[1] = "Enviado:"
	}
	return []string{
		lab[0] + " " + r.ourName + " <" + r.ourAddr + ">",
		lab[1] + " " + sent,
		lab[2] + " " + r.fromName + " <" + r.fromAddr + ">",
		lab[3] + " " + r.origSubj,
	}
}

var origMsg = map[string]string{"en": "-----Original Message-----", "de": "-----Ursprüngliche Nachricht-----", "fr": "-----Message d'origine-----",
	"es": "-----Mensaje original-----", "pt": "-----Mensagem original-----", "it": "-----Messaggio originale-----", "nl": "-----Oorspronkelijk bericht-----"}

// quoteText is the text/plain rendering of the attribution plus quote.
func (r *rc) quoteText() []string {
	q := r.qtext
	switch r.client {
	case "gmail", "gmail-android":
		a := r.attribution()
		var out []string
		if len([]rune(a)) > 76 {
			i := strings.LastIndex(a, "<")
			out = append(out, a[:i+1], a[i+1:])
		} else {
			out = append(out, a)
		}
		out = append(out, "")
		return append(out, quoteLines(q, "> ", 76)...)
	case "apple-mail":
		return append([]string{r.attribution(), ""}, quoteLines(q, "> ", 1000)...)
	case "ios-mail":
		out := []string{"> " + r.attribution(), "> "}
		ql := quoteLines(q, "> ", 1000)
		ql[0] = "> \ufeff" + strings.TrimPrefix(ql[0], "> ")
		return append(out, ql...)
	case "thunderbird":
		return append([]string{r.attribution()}, quoteLines(q, "> ", 76)...)
	case "yahoo":
		out := []string{"", "    " + r.attribution(), ""}
		for _, l := range strings.Split(q, "\n") {
			out = append(out, " "+l)
		}
		return out
	case "outlook-desktop", "outlook-web", "outlook-mobile":
		var out []string
		switch {
		case r.client == "outlook-desktop" && r.style == "plain":
			out = append(out, origMsg[r.lang])
		case r.client == "outlook-desktop" && r.style != "new":
		default:
			out = append(out, "________________________________")
		}
		out = append(out, r.outlookBlock(r.client == "outlook-mobile")...)
		out = append(out, "")
		return append(out, strings.Split(q, "\n")...)
	case "other":
		switch r.style {
		case "mutt", "spark", "proton":
			return append([]string{r.attribution(), ""}, quoteLines(q, "> ", 72)...)
		case "samsung":
			return append(r.samsungBlock(), append([]string{""}, strings.Split(q, "\n")...)...)
		case "gmx":
			t := r.sent
			return append([]string{
				fmt.Sprintf("Gesendet: %s, %s. %s %d um %s Uhr", wd("de", t, true), t.Format("02"), mon("de", t, true), t.Year(), hm(t)),
				fmt.Sprintf("Von: \"%s\" <%s>", r.ourName, r.ourAddr),
				fmt.Sprintf("An: \"%s\" <%s>", r.fromName, r.fromAddr),
				"Betreff: " + r.origSubj, ""}, strings.Split(q, "\n")...)
		case "libero":
			t := r.sent
			return append([]string{"----Messaggio originale----", "Da: " + r.ourAddr,
				fmt.Sprintf("Data: %d-%s-%d %s", t.Day(), mon("it", t, false), t.Year(), t.Format("15.04")),
				fmt.Sprintf("A: \"%s\"<%s>", r.fromName, r.fromAddr), "Ogg: " + r.origSubj, ""}, strings.Split(q, "\n")...)
		case "orange":
			t := r.sent
			out := []string{"> Message du " + t.Format("02/01/06 15:04"), fmt.Sprintf("> De : \"%s\" <%s>", r.ourName, r.ourAddr),
				"> A : " + r.fromAddr, "> Copie à : ", "> Objet : " + r.origSubj, ">"}
			return append(out, quoteLines(q, "> ", 1000)...)
		}
	}
	fail("%s: no quote format for %s/%s", r.s.src, r.client, r.style)
	return nil
}

func (r *rc) samsungBlock() []string {
	t := r.sent
	lab := map[string][6]string{
		"en": {"-------- Original message --------", "From: ", "Date: ", "To: ", "Subject: ", t.Format("1/2/06 15:04")},
		"de": {"-------- Originalnachricht --------", "Von: ", "Datum: ", "An: ", "Betreff: ", t.Format("02.01.06 15:04")},
		"es": {"-------- Mensaje original --------", "De: ", "Fecha: ", "Para: ", "Asunto: ", t.Format("2/1/06 15:04")},
		"fr": {"-------- Message d'origine --------", "De : ", "Date : ", "À : ", "Objet : ", t.Format("02/01/2006 15:04")},
		"pt": {"-------- Mensagem original --------", "De: ", "Data: ", "Para: ", "Assunto: ", t.Format("02/01/2006 15:04")},
		"it": {"-------- Messaggio originale --------", "Da: ", "Data: ", "A: ", "Oggetto: ", t.Format("02/01/06 15:04")},
		"nl": {"-------- Oorspronkelijk bericht --------", "Van: ", "Datum: ", "Aan: ", "Onderwerp: ", t.Format("02-01-06 15:04")},
	}[r.lang]
	_, off := t.Zone()
	gmt := fmt.Sprintf("(GMT%+03d:00)", off/3600)
	return []string{lab[0], lab[1] + r.ourName + " <" + r.ourAddr + ">", lab[2] + lab[5] + " " + gmt, lab[3] + r.fromAddr, lab[4] + r.origSubj}
}

// forwardText renders a forwarded copy of our message (creator forwards instead of replying).
func (r *rc) forwardText(kind string) []string {
	t := r.sent
	if kind == "apple" {
		head := map[string][5]string{
			"en": {"Begin forwarded message:", "From", "Subject", "Date", "To"},
			"de": {"Anfang der weitergeleiteten Nachricht:", "Von", "Betreff", "Datum", "An"},
			"fr": {"Début du message réexpédié :", "De", "Objet", "Date", "À"},
			"es": {"Inicio del mensaje reenviado:", "De", "Asunto", "Fecha", "Para"},
			"pt": {"Início da mensagem encaminhada:", "De", "Assunto", "Data", "Para"},
			"it": {"Inizio messaggio inoltrato:", "Da", "Oggetto", "Data", "A"},
			"nl": {"Begin doorgestuurd bericht:", "Van", "Onderwerp", "Datum", "Aan"},
		}[r.lang]
		return append([]string{head[0], "",
			head[1] + ": " + r.ourName + " <" + r.ourAddr + ">",
			head[2] + ": " + r.origSubj,
			fmt.Sprintf("%s: %d %s %d %s %s %s", head[3], t.Day(), mon(r.lang, t, true), t.Year(),
				map[string]string{"en": "at", "de": "um", "fr": "à", "es": "a las", "pt": "às", "it": "alle ore", "nl": "om"}[r.lang], t.Format("15:04:05"), tzLabel(t, "GMT")),
			head[4] + ": " + r.fromName + " <" + r.fromAddr + ">", ""}, strings.Split(r.qtext, "\n")...)
	}
	from := map[string]string{"en": "From", "de": "Von", "fr": "De", "es": "De", "pt": "De", "it": "Da", "nl": "Van"}[r.lang]
	return append([]string{"---------- Forwarded message ---------",
		from + ": " + r.ourName + " <" + r.ourAddr + ">",
		"Date: " + fmt.Sprintf("%s, %s %d, %d at %s", wd("en", t, false), mon("en", t, false), t.Day(), t.Year(), ampm(t, "\u202f")),
		"Subject: " + r.origSubj,
		"To: " + r.fromName + " <" + r.fromAddr + ">", "", ""}, strings.Split(r.qtext, "\n")...)
}

// newText is the creator's part: words, closing, signature, client footer.
func (r *rc) newText() string {
	f := r.footer
	if f != "" && r.client == "outlook-mobile" {
		f += "<" + r.outlookLink() + ">"
	}
	return join(r.words, r.closing, r.sig, f)
}

func (r *rc) outlookLink() string {
	if r.style == "android" {
		return "https://aka.ms/AAb9ysg"
	}
	return "https://aka.ms/o0ukef"
}

func (r *rc) textBody() string {
	var lines []string
	nt := r.newText()
	switch {
	case r.s.keys.get("fwd") != "":
		lines = append([]string{nt, ""}, r.forwardText(r.s.keys.get("fwd"))...)
	case r.posting == "none":
		lines = []string{nt}
	case r.posting == "top":
		lines = append([]string{nt, ""}, r.quoteText()...)
	case r.posting == "bottom":
		lines = append(r.quoteText(), "", nt)
	case r.posting == "inline":
		q := r.quoteText()
		if strings.TrimSpace(r.words) != "" {
			lines = append(lines, r.words, "")
		}
		seg := 0
		for _, l := range q {
			lines = append(lines, l)
			if seg < len(r.segs) && strings.Contains(l, r.segs[seg].arg) && strings.HasPrefix(l, ">") {
				lines = append(lines, "", strings.Join(r.segs[seg].lines, "\n"), "")
				seg++
			}
		}
		if seg != len(r.segs) {
			fail("%s: inline segment %q found no quoted line", r.s.src, r.segs[seg].arg)
		}
		if r.s.keys.get("trim") == "yes" {
			// cut the quote after the last answer
			txt := strings.Join(lines, "\n")
			last := strings.Join(r.segs[len(r.segs)-1].lines, "\n")
			txt = txt[:strings.LastIndex(txt, last)+len(last)]
			lines = []string{txt}
		}
		tail := join(r.closing, r.sig, r.footer)
		if tail != "" {
			lines = append(lines, "", tail)
		}
	default:
		fail("%s: posting %s", r.s.src, r.posting)
	}
	return strings.Join(lines, "\n") + "\n"
}

func esc(s string) string { return html.EscapeString(s) }

// ---------- HTML bodies

func sigLines(sig string) (delim bool, rest string) {
	if strings.HasPrefix(sig, "-- \n") || sig == "-- " {
		return true, strings.TrimPrefix(sig, "-- \n")
	}
	return false, sig
}

func (r *rc) htmlBody() string {
	qh := r.qhtml
	var newH, quoteH string
	div := func(s string) string { return htmlLines(s, "<div>", "</div>", "<div><br></div>") }
	switch r.client {
	case "gmail", "gmail-android":
		newH = `<div dir="ltr">` + div(join(r.words, r.closing))
		if r.sig != "" {
			d, rest := sigLines(r.sig)
			if d {
				newH += `<br clear="all"><div><br></div><span class="gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature"><div dir="ltr">` + div(rest) + `</div></div>`
			} else {
				newH += `<div><br></div><div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature">` + div(rest) + `</div>`
			}
		}
		if r.footer != "" {
			newH += `<div><br></div>` + div(r.footer)
		}
		newH += `</div>`
		a := r.attribution()
		i := strings.LastIndex(a, "<")
		ah := esc(a[:i]) + `&lt;<a href="mailto:` + r.ourAddr + `">` + r.ourAddr + `</a>&gt;` + esc(a[i+len(r.ourAddr)+2:])
		if r.lang == "es" && r.client == "gmail" {
			ah = esc(a[:i-1]) + `(&lt;<a href="mailto:` + r.ourAddr + `">` + r.ourAddr + `</a>&gt;)` + esc(a[i+len(r.ourAddr)+3:])
		}
		quoteH = `<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">` + ah + `<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">` + qh + `</blockquote></div>`
		if r.posting == "bottom" {
			return `<div dir="ltr"><br></div><br>` + quoteH + `<div><br></div>` + newH + "\n"
		}
		if r.posting == "none" {
			return newH + "\n"
		}
		return newH + `<br>` + quoteH + "\n"
	case "apple-mail", "ios-mail":
		body := `<div dir="ltr">` + htmlLines(join(r.words, r.closing, r.sig), "", "<br>", "<br>") + `</div>`
		if r.footer != "" {
			body += `<div dir="ltr"><br id="lineBreakAtBeginningOfSignature"><div dir="ltr">` + esc(r.footer) + `</div></div>`
		}
		quoteH = `<div dir="ltr"><br><blockquote type="cite">` + esc(r.attribution()) + `<br><br></blockquote></div><blockquote type="cite"><div dir="ltr">` + qh + `</div></blockquote>`
		if r.client == "apple-mail" {
			body = `<div>` + htmlLines(join(r.words, r.closing, r.sig), "<div>", "</div>", "<div><br></div>") + `</div>`
			quoteH = `<div><br><blockquote type="cite"><div>` + esc(r.attribution()) + `</div><br class="Apple-interchange-newline"><div>` + qh + `</div></blockquote></div>`
		}
		head := `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">`
		if r.client == "apple-mail" {
			head = `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">`
		}
		switch r.posting {
		case "bottom":
			return head + quoteH + body + "</body></html>\n"
		case "none":
			return head + body + "</body></html>\n"
		}
		return head + body + quoteH + "</body></html>\n"
	case "outlook-desktop", "outlook-web", "outlook-mobile":
		hb := r.outlookBlock(r.client == "outlook-mobile")
		var hdr []string
		for _, l := range hb {
			i := strings.Index(l, ": ")
			if i < 0 || strings.HasPrefix(l, "De :") || strings.HasPrefix(l, "À :") || strings.HasPrefix(l, "Objet :") || strings.HasPrefix(l, "Envoyé :") {
				i = strings.Index(l, " : ") + 2
			}
			hdr = append(hdr, "<b>"+esc(l[:i+1])+"</b>"+esc(l[i+1:]))
		}
		if r.client == "outlook-desktop" && r.style == "classic" {
			p := func(s string) string {
				return htmlLines(s, `<p class="MsoNormal">`, `<o:p></o:p></p>`, `<p class="MsoNormal"><o:p>&nbsp;</o:p></p>`)
			}
			newH = p(join(r.words, r.closing, r.sig))
			quoteH = `<p class="MsoNormal"><o:p>&nbsp;</o:p></p><div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal">` + strings.Join(hdr, "<br>\n") + `<o:p></o:p></p></div></div><p class="MsoNormal"><o:p>&nbsp;</o:p></p>` + qh
			return `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv="Content-Type" content="text/html; charset=` + r.charset() + `"><meta name="Generator" content="Microsoft Word 15 (filtered medium)"><style><!--
p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}
--></style></head>
<body lang="` + strings.ToUpper(r.lang) + `" link="#0563C1" vlink="#954F72" style="word-wrap:break-word"><div class="WordSection1">` + r.ordered(newH, quoteH) + `</div></body></html>
`
		}
		d := func(s string) string {
			return htmlLines(s, `<div class="elementToProof" style="font-family: Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">`, `</div>`, `<div class="elementToProof"><br></div>`)
		}
		newH = d(join(r.words, r.closing, r.sig))
		if r.client == "outlook-mobile" {
			newH = htmlLines(join(r.words, r.closing, r.sig), `<div dir="ltr">`, `</div>`, `<div dir="ltr"><br></div>`)
			if r.footer != "" {
				newH += `<div dir="ltr"><br></div><div id="ms-outlook-mobile-signature" dir="ltr">` + esc(r.footer) + ` <a href="` + r.outlookLink() + `">` + r.outlookLink() + `</a></div>`
			}
		}
		quoteH = `<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">` + strings.Join(hdr, "<br>") + `</font><div>&nbsp;</div></div>` + qh
		return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=` + r.charset() + `"><style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head><body dir="ltr">` + r.ordered(newH, quoteH) + "</body></html>\n"
	case "yahoo":
		newH = `<div class="ydp` + hexN(r.fromAddr, 8) + `yahoo-style-wrap" style="font-family:Helvetica Neue, Helvetica, Arial, sans-serif;font-size:13px;">` +
			htmlLines(join(r.words, r.closing, r.sig), `<div dir="ltr" data-setdir="false">`, `</div>`, `<div dir="ltr" data-setdir="false"><br></div>`)
		if r.footer != "" {
			newH += `<div><br></div><div class="ydp` + hexN(r.fromAddr, 8) + `signature"><a href="https://mail.onelink.me/107872968?pid=nativeplacement&amp;c=Global_Acquisition_YMktg_315_Internal_EmailSignature&amp;af_sub1=Acquisition&amp;af_sub2=Global_YMktg&amp;af_sub3=&amp;af_sub4=100000604&amp;af_sub5=EmailSignature__Static_">` + esc(r.footer) + `</a></div>`
		}
		newH += `</div>`
		quoteH = `<div id="yahoo_quoted_` + fmt.Sprint(1000000000+r.n*7919) + `" class="yahoo_quoted"><div style="font-family:'Helvetica Neue', Helvetica, Arial, sans-serif;font-size:13px;color:#26282a;"><div>` + esc(r.attribution()) + `</div><div><br></div><div><br></div><div><div id="yiv` + fmt.Sprint(2000000000+r.n*31) + `">` + qh + `</div></div></div></div>`
		return `<html><head></head><body>` + r.ordered(newH, quoteH) + "</body></html>\n"
	case "thunderbird":
		newH = `<p>` + htmlLines(join(r.words, r.closing), "", "<br>\n", "</p>\n<p>") + `</p>`
		newH = strings.ReplaceAll(newH, "<br>\n</p>", "</p>")
		if r.sig != "" {
			d, rest := sigLines(r.sig)
			pre := ""
			if d {
				pre = "-- <br>\n"
			}
			newH += `<div class="moz-signature">` + pre + htmlLines(rest, "", "<br>\n", "<br>\n") + `</div>`
		}
		quoteH = `<div class="moz-cite-prefix">` + esc(r.attribution()) + `<br></div><blockquote type="cite" cite="mid:` + r.ourMsgID() + `">` + qh + `</blockquote>`
		return `<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
</head><body>` + r.ordered(newH, quoteH) + "</body></html>\n"
	case "other":
		switch r.style {
		case "proton":
			newH = `<div style="font-family: Arial, sans-serif; font-size: 14px;">` + div(join(r.words, r.closing, r.sig)) + `</div><div class="protonmail_signature_block" style="font-family: Arial, sans-serif; font-size: 14px;"><div class="protonmail_signature_block-proton">` + esc(r.footer) + `</div></div>`
			quoteH = `<div class="protonmail_quote">` + esc(r.attribution()) + `<br><blockquote class="protonmail_quote" type="cite">` + qh + `</blockquote><br></div>`
			return r.ordered(newH, quoteH) + "\n"
		case "samsung":
			newH = htmlLines(join(r.words, r.closing, r.sig), `<div dir="auto">`, `</div>`, `<div dir="auto"><br></div>`) + `<div dir="auto"><br></div><div id="composer_signature" dir="auto"><div style="font-size:12px;color:#575757" dir="auto">` + esc(r.footer) + `</div></div>`
			quoteH = `<div dir="auto"><br></div><div align="left" dir="auto" style="font-size:100%;color:#000000"><div>` + strings.Join(mapEsc(r.samsungBlock()), "</div><div>") + `</div></div>` + qh
			return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body>` + r.ordered(newH, quoteH) + "</body></html>\n"
		case "spark":
			newH = `<div dir="auto">` + htmlLines(join(r.words, r.closing, r.sig), "", "<br>", "<br>") + `</div>`
			quoteH = `<div name="messageReplySection">` + esc(r.attribution()) + `<br><blockquote type="cite" style="border-left-color: grey; border-left-width: thin; border-left-style: solid; margin: 5px 5px; padding-left: 10px;">` + qh + `</blockquote></div>`
			return `<html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body>` + r.ordered(newH, quoteH) + "</body></html>\n"
		case "gmx":
			newH = `<div style="font-family: Verdana;font-size: 12.0px;">` + div(join(r.words, r.closing, r.sig))
			ql := r.quoteText()
			hdrs := ql[:4]
			quoteH = `<div>&nbsp;<div>&nbsp;<div name="quote" style="margin:10px 5px 5px 10px; padding: 10px 0 10px 10px; border-left:2px solid #C3D9E5; word-wrap: break-word; -webkit-nbsp-mode: space; -webkit-line-break: after-white-space;"><div style="margin:0 0 10px 0;"><b>` + strings.Join(mapEsc(hdrs), "<br/>") + `</b></div><div name="quoted-content">` + qh + `</div></div></div></div>`
			return `<html><head></head><body>` + r.ordered(newH, quoteH+`</div>`) + "</body></html>\n"
		case "htmlonly":
			newH = `<div>` + div(join(r.words, r.closing, r.sig)) + `</div>`
			quoteH = `<div><br></div><blockquote style="border-left: 2px solid #1010ff; margin-left: 5px; padding-left: 5px;"><div>` + esc(r.attribution()) + `</div>` + qh + `</blockquote>`
			return `<html><body>` + r.ordered(newH, quoteH) + "</body></html>\n"
		}
	}
	fail("%s: no html for %s/%s", r.s.src, r.client, r.style)
	return ""
}

func mapEsc(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = esc(s)
	}
	return out
}

func (r *rc) ordered(newH, quoteH string) string {
	switch r.posting {
	case "bottom":
		return quoteH + newH
	case "none":
		return newH
	}
	return newH + quoteH
}
