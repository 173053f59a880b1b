package main

import (
	"bytes"
	"fmt"
	"strings"
)

func (r *rc) ourMsgID() string {
	return hexN("our"+r.o.CampaignID+r.handle, 16) + "." + r.handle + "@replies." + r.o.Domain
}

func (r *rc) charset() string {
	if v := r.s.keys.get("charset"); v != "" {
		return v
	}
	return "utf-8"
}

func (r *rc) msgID() string {
	seed := fmt.Sprint(r.n, r.fromAddr)
	switch r.client {
	case "gmail", "gmail-android":
		return "CA" + strings.ReplaceAll(strings.ToUpper(hexN(seed, 6)), "A", "+") + "=" + hexN(seed+"x", 20) + "_" + upperHex(seed+"y", 10) + "@mail.gmail.com"
	case "outlook-desktop", "outlook-web", "outlook-mobile":
		srv := "AM0PR0" + fmt.Sprint(r.n%9+1) + "MB" + fmt.Sprint(1000+r.n*37%9000)
		if strings.HasSuffix(r.fromAddr, "outlook.com") || strings.HasSuffix(r.fromAddr, "hotmail.com") || strings.HasSuffix(r.fromAddr, "live.com") {
			return srv + upperHex(seed, 20) + "@" + srv + ".eurprd0" + fmt.Sprint(r.n%8+1) + ".prod.outlook.com"
		}
		return srv + upperHex(seed, 20) + "@" + srv + ".eurprd0" + fmt.Sprint(r.n%8+1) + ".prod.outlook.com"
	case "apple-mail", "ios-mail":
		return uuid(seed) + "@" + strings.Split(r.fromAddr, "@")[1]
	case "yahoo":
		return fmt.Sprintf("%d.%d.%d@mail.yahoo.com", 1900000000+r.n*104729%90000000, 1000000+r.n*7907%8000000, r.date.UnixMilli())
	case "thunderbird":
		return strings.ToLower(uuid(seed)) + "@" + strings.Split(r.fromAddr, "@")[1]
	}
	switch r.style {
	case "proton":
		return hexN(seed, 22) + "=@proton.me"
	case "mutt":
		return r.date.Format("20060102150405") + "." + hexN(seed, 8) + "@" + strings.Split(r.fromAddr, "@")[1]
	}
	return hexN(seed, 12) + "." + fmt.Sprint(r.date.Unix()) + "@" + strings.Split(r.fromAddr, "@")[1]
}

func (r *rc) boundary() string {
	seed := fmt.Sprint("b", r.n, r.fromAddr)
	switch r.client {
	case "gmail", "gmail-android":
		return "000000000000" + hexN(seed, 16)
	case "outlook-desktop", "outlook-web", "outlook-mobile":
		id := r.msgID()
		return "_000_" + strings.NewReplacer("@", "", ".", "").Replace(id) + "_"
	case "apple-mail", "ios-mail":
		return "Apple-Mail-" + uuid(seed)
	case "yahoo":
		return fmt.Sprintf("----=_Part_%d_%d.%d", 1000000+r.n*331, 100000000+r.n*7877, r.date.UnixMilli())
	case "thunderbird":
		return "------------" + strings.ToUpper(hexN(seed, 12)) + hexN(seed+"z", 12)
	}
	return "=_" + hexN(seed, 20)
}

func (r *rc) subject() string {
	if v := r.s.keys.get("subject"); v != "" {
		return v
	}
	if fw := r.s.keys.get("fwd"); fw != "" {
		return "Fwd: " + r.origSubj
	}
	base := r.origSubj
	switch r.client {
	case "outlook-desktop", "outlook-web", "outlook-mobile":
		return replyPrefix["outlook"][r.lang] + base
	case "gmail", "gmail-android", "yahoo", "ios-mail", "apple-mail":
		if strings.HasPrefix(base, "Re: ") {
			return base
		}
	case "other":
		switch r.style {
		case "libero":
			return "R: " + base
		case "orange":
			return "Réf : " + base
		case "gmx":
			return "Aw: " + base
		case "samsung":
			if r.lang == "de" {
				return "AW: " + base
			}
			if r.lang == "it" {
				return "R: " + base
			}
			return "RE: " + base
		}
	}
	return "Re: " + base
}

var autoSubj = map[string]string{"en": "Automatic reply: ", "de": "Automatische Antwort: ", "fr": "Réponse automatique : ", "es": "Respuesta automática: ",
	"it": "Risposta automatica: ", "nl": "Automatisch antwoord: ", "pt": "Resposta automática: "}

func (r *rc) build() []byte {
	k := r.s.keys
	cs := r.charset()
	text := r.textBody()
	htmlMode := k.get("html")
	if htmlMode == "" {
		htmlMode = "both"
		if r.posting == "inline" || r.s.keys.get("fwd") != "" || (r.client == "outlook-desktop" && r.style == "plain") ||
			(r.client == "other" && (r.style == "mutt" || r.style == "libero" || r.style == "orange")) {
			htmlMode = "none"
		}
	}
	var htmlBody string
	if htmlMode != "none" {
		htmlBody = r.htmlBody()
		if b, ok := r.s.block("body"); ok {
			htmlBody = b + "\n"
		}
	}
	cte := k.get("enc")
	if cte == "" {
		switch r.client {
		case "gmail", "gmail-android":
			cte = "7bit"
			if !isASCII(text) || !isASCII(htmlBody) || longLines(text) || longLines(htmlBody) {
				cte = "quoted-printable"
			}
		case "thunderbird":
			cte = "7bit"
			if !isASCII(text) || !isASCII(htmlBody) {
				cte = "8bit"
			}
		case "outlook-mobile":
			cte = "base64"
		default:
			cte = "quoted-printable"
		}
		if r.client == "other" && (r.style == "mutt") {
			cte = "8bit"
			if isASCII(text) {
				cte = "7bit"
			}
		}
	}
	if (cte == "7bit" || cte == "8bit") && (longLines(text) || longLines(htmlBody)) {
		if r.client == "thunderbird" {
			text = flowed(text)
		} else if longLines(htmlBody) {
			cte = "quoted-printable"
		}
	}
	qcs := r.client == "gmail" || r.client == "gmail-android" || r.client == "outlook-desktop" || r.client == "outlook-web" || r.client == "outlook-mobile"
	tp := part{ctype: "text/plain", charset: cs, cte: cte, body: text, quoteCharset: qcs}
	if r.client == "thunderbird" {
		tp.charset = "UTF-8"
		tp.extra = "; format=flowed"
		if cs != "utf-8" {
			tp.charset = cs
		}
	}
	if (r.client == "gmail" || r.client == "gmail-android") && cs == "utf-8" {
		tp.charset = "UTF-8"
	}
	if r.client == "ios-mail" || r.client == "apple-mail" {
		tp.charset = strings.ToLower(cs)
	}
	hp := part{ctype: "text/html", charset: tp.charset, cte: cte, body: htmlBody, quoteCharset: qcs}
	if r.client == "thunderbird" {
		hp.charset = "UTF-8"
	}
	if cte == "7bit" && !isASCII(htmlBody) {
		hp.cte = "quoted-printable"
	}

	var h []string
	add := func(name, v string) { h = append(h, fold(name+": "+v)) }
	subj := r.subject()
	if strings.Contains(k.get("auto"), "subject") {
		subj = autoSubj[r.lang] + r.origSubj
	}
	hcs := cs
	if hcs != "utf-8" && !isASCII(subj) {
		if _, err := charmapOK(subj, hcs); err != nil {
			hcs = "utf-8"
		}
	}
	from := addrHdr(r.fromName, r.fromAddr, hcs)
	to := addrHdr(r.ourName, r.toAddr, hcs)
	if r.toAddr != r.ourAddr {
		to = addrHdr("", r.toAddr, hcs)
		if strings.HasPrefix(r.toAddr, "partnerships@") {
			to = addrHdr(r.o.Brand+" Partnerships", r.toAddr, hcs)
		}
	}
	refs := "<" + r.ourMsgID() + ">"
	if pre := k.get("refs"); pre != "" {
		refs = pre + " " + refs
	}
	date := r.date.Format("Mon, 2 Jan 2006 15:04:05 -0700")
	msgid := "<" + r.msgID() + ">"
	auto := k.get("auto")
	autoHdrs := func() {
		for _, a := range strings.Split(auto, ",") {
			switch strings.TrimSpace(a) {
			case "autosubmitted":
				add("Auto-Submitted", "auto-replied")
			case "autogenerated":
				add("Auto-Submitted", "auto-generated")
			case "xautoreply":
				add("X-Autoreply", "yes")
			case "precedence":
				add("Precedence", "auto_reply")
			case "bulk":
				add("Precedence", "bulk")
			case "suppress":
				add("X-Auto-Response-Suppress", "All")
			case "vacation":
				add("X-Vacation", "yes")
			}
		}
	}
	mimeVer := "1.0"
	switch r.client {
	case "gmail", "gmail-android":
		add("MIME-Version", "1.0")
		add("References", refs)
		add("In-Reply-To", "<"+r.ourMsgID()+">")
		autoHdrs()
		add("From", from)
		add("Date", date)
		add("Message-ID", msgid)
		add("Subject", encWord(subj, "UTF-8"))
		add("To", to)
	case "outlook-desktop", "outlook-web", "outlook-mobile":
		add("From", from)
		add("To", to)
		add("Subject", encWord(subj, hcs))
		add("Thread-Topic", encWord(r.origSubj, hcs))
		add("Thread-Index", "AQHc"+strings.ToUpper(hexN(r.fromAddr, 4))+"Ab"+hexN(r.o.CampaignID, 12)+"AAA==")
		add("Date", date)
		add("Message-ID", msgid)
		add("References", refs)
		add("In-Reply-To", "<"+r.ourMsgID()+">")
		autoHdrs()
		loc := map[string]string{"en": "en-US", "de": "de-DE", "fr": "fr-FR", "es": "es-ES", "pt": "pt-BR", "it": "it-IT", "nl": "nl-NL"}[r.lang]
		add("Accept-Language", loc+", en-US")
		add("Content-Language", loc)
		add("X-MS-Has-Attach", "")
		add("X-MS-TNEF-Correlator", "")
		if r.client == "outlook-desktop" && r.style != "new" {
			add("X-Mailer", "Microsoft Outlook 16.0")
		}
		if r.client == "outlook-mobile" {
			add("X-MS-Exchange-Organization-Network-Message-Id", uuid(r.fromAddr+"n"))
		}
	case "apple-mail", "ios-mail":
		add("From", from)
		if r.client == "ios-mail" {
			add("Content-Type", "") // placeholder replaced below
			mimeVer = "1.0 (1.0)"
		} else {
			mimeVer = `1.0 (Mac OS X Mail 16.0 \(3826.400.131.1.6\))`
		}
		add("Mime-Version", mimeVer)
		add("Subject", encWord(subj, "utf-8"))
		add("Date", date)
		add("Message-Id", msgid)
		add("References", refs)
		add("In-Reply-To", "<"+r.ourMsgID()+">")
		add("To", to)
		autoHdrs()
		if r.client == "ios-mail" {
			add("X-Mailer", "iPhone Mail (22B91)")
		} else {
			add("X-Mailer", "Apple Mail (2.3826.400.131.1.6)")
		}
	case "yahoo":
		add("Date", date)
		add("From", from)
		add("To", to)
		add("Message-ID", msgid)
		add("In-Reply-To", "<"+r.ourMsgID()+">")
		add("References", refs)
		add("Subject", encWord(subj, "UTF-8"))
		add("MIME-Version", "1.0")
		autoHdrs()
		switch r.style {
		case "android":
			add("X-Mailer", "WebService/1.1.24866 YahooMailAndroidMobile")
		case "web":
			add("X-Mailer", "WebService/1.1.24866 YMailNorrin")
		default:
			add("X-Mailer", "WebService/1.1.24866 YahooMailIosMobile")
		}
	case "thunderbird":
		add("Message-ID", msgid)
		add("Date", date)
		add("MIME-Version", "1.0")
		add("User-Agent", "Mozilla Thunderbird")
		add("Subject", encWord(subj, "UTF-8"))
		add("To", to)
		add("References", refs)
		loc := map[string]string{"en": "en-US", "de": "de-DE", "fr": "fr", "es": "es-ES", "pt": "pt-BR", "it": "it", "nl": "nl"}[r.lang]
		add("Content-Language", loc)
		add("From", from)
		add("In-Reply-To", "<"+r.ourMsgID()+">")
		autoHdrs()
	default:
		add("From", from)
		add("To", to)
		add("Subject", encWord(subj, hcs))
		add("Date", date)
		add("Message-ID", msgid)
		add("In-Reply-To", "<"+r.ourMsgID()+">")
		add("References", refs)
		add("MIME-Version", "1.0")
		autoHdrs()
		switch r.style {
		case "mutt":
			add("User-Agent", "NeoMutt/20240425")
		case "proton":
			add("X-Pm-Origin", "internal")
			add("X-Pm-Content-Encryption", "end-to-end")
		case "samsung":
			add("X-Mailer", "Samsung Email")
		case "gmx":
			add("Importance", "normal")
			add("Sensitivity", "Normal")
			add("X-Priority", "3")
			add("X-UI-Message-Type", "mail")
		case "libero":
			add("X-Mailer", "Libero Mail")
		case "orange":
			add("X-Mailer", "Orange Messagerie")
		case "spark":
			add("X-Readdle-Message-ID", uuid(r.fromAddr+"sp")+"@Spark")
		}
	}
	for _, x := range k["header"] {
		h = append(h, x)
	}

	var body bytes.Buffer
	var ctHeader string
	switch htmlMode {
	case "none":
		pb := tp.bytes()
		i := bytes.Index(pb, []byte("\r\n\r\n"))
		ctHeader = string(pb[:i])
		body.Write(pb[i+4:])
	case "only":
		pb := hp.bytes()
		i := bytes.Index(pb, []byte("\r\n\r\n"))
		ctHeader = string(pb[:i])
		body.Write(pb[i+4:])
	default:
		b := r.boundary()
		ctHeader = fmt.Sprintf("Content-Type: multipart/alternative; boundary=\"%s\"", b)
		if r.client == "apple-mail" || r.client == "ios-mail" || r.client == "yahoo" {
			ctHeader = fmt.Sprintf("Content-Type: multipart/alternative;\r\n\tboundary=\"%s\"", b)
		}
		if r.client == "outlook-desktop" || r.client == "outlook-web" || r.client == "outlook-mobile" {
			body.WriteString("\r\n")
		}
		for _, p := range []part{tp, hp} {
			fmt.Fprintf(&body, "--%s\r\n", b)
			body.Write(p.bytes())
			body.WriteString("\r\n")
		}
		fmt.Fprintf(&body, "--%s--\r\n", b)
	}
	var out bytes.Buffer
	placed := false
	for _, l := range h {
		if l == "Content-Type: " {
			out.WriteString(ctHeader + "\r\n")
			placed = true
			continue
		}
		out.WriteString(l + "\r\n")
	}
	if !placed {
		out.WriteString(ctHeader + "\r\n")
	}
	out.WriteString("\r\n")
	out.Write(body.Bytes())
	return out.Bytes()
}

func charmapOK(s, cs string) ([]byte, error) {
	defer func() { recover() }()
	return toCharsetErr(s, cs)
}

func longLines(s string) bool {
	for _, l := range strings.Split(s, "\n") {
		if len(l) > 900 {
			return true
		}
	}
	return false
}

// flowed soft-wraps long lines as format=flowed does (trailing space = soft break).
func flowed(s string) string {
	var out []string
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if len(l) <= 78 || strings.HasPrefix(l, ">") {
			out = append(out, l)
			continue
		}
		ws := strings.Fields(l)
		cur := ""
		for _, w := range ws {
			if cur != "" && len(cur)+len(w)+1 > 72 {
				out = append(out, cur+" ")
				cur = w
				continue
			}
			if cur == "" {
				cur = w
			} else {
				cur += " " + w
			}
		}
		out = append(out, cur)
	}
	return strings.Join(out, "\n") + "\n"
}
