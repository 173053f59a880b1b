package reply

import (
	"net/url"
	"regexp"
	"strings"
)

var (
	urlRE = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"'()\[\]{}]+`)
	// Where drafts are shared for review.
	draftHosts = []string{"drive.google.com", "docs.google.com", "photos.google.com", "photos.app.goo.gl", "dropbox.com",
		"db.tt", "wetransfer.com", "we.tl", "frame.io", "f.io", "app.frame.io", "vimeo.com", "box.com", "app.box.com",
		"onedrive.live.com", "1drv.ms", "sharepoint.com", "icloud.com", "loom.com", "canva.com", "figma.com", "notion.so",
		"swisstransfer.com", "smash.gg", "fromsmash.com", "mega.nz", "drive.proton.me", "wistia.com", "streamable.com"}
	draftCueRE = regexp.MustCompile(`(?i)\b(not (yet )?(live|posted|published|up)|not live yet|noch nicht (live|online|veröffentlicht)|todavía no (está )?(publicado|subido)|pas encore (en ligne|publiée?)|ainda não (está )?(no ar|publicado)|non ancora (online|pubblicato)|nog niet (live|online)|oculto|no listado|unlisted|privado|private|nicht gelistet|non répertoriée|não listado|non in elenco|verborgen|niet openbaar|no es público|not public|draft|drafts|preview|rough cut|first cut|cut|edit|wip|unlisted|not live|not (yet )?posted|for (your )?(review|approval|feedback)|review|approve|entwurf|vorschau|rohschnitt|zur freigabe|borrador|vista previa|para (tu|su) revisión|brouillon|aperçu|version|montage|pour validation|rascunho|prévia|pré-visualização|para aprovação|bozza|anteprima|per approvazione|concept|ontwerp|voorbeeld|ter goedkeuring|versie)\b`)
	liveCueRE  = regexp.MustCompile(`(?i)\b(live|posted|published|is up|went up|it'?s out|is out|just dropped|went live|online|veröffentlicht|gepostet|ist online|publicado|publicada|publié|publiée|en ligne|postado|postada|no ar|pubblicato|pubblicata|è online|gepubliceerd|geplaatst|staat online)\b`)
)

// postURL says whether a link is a post on a platform (live, or a draft
// uploaded unlisted), as opposed to a profile or a site.
func postURL(u *url.URL) bool {
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	host = strings.TrimPrefix(host, "m.")
	p := u.Path
	switch host {
	case "instagram.com", "instagr.am":
		return strings.HasPrefix(p, "/p/") || strings.HasPrefix(p, "/reel/") || strings.HasPrefix(p, "/reels/") ||
			strings.HasPrefix(p, "/tv/") || strings.Contains(p, "/stories/")
	case "tiktok.com":
		return strings.Contains(p, "/video/") || strings.Contains(p, "/photo/")
	case "vm.tiktok.com", "vt.tiktok.com":
		return len(p) > 1
	case "youtube.com", "music.youtube.com":
		return p == "/watch" || strings.HasPrefix(p, "/shorts/") || strings.HasPrefix(p, "/live/")
	case "youtu.be":
		return len(p) > 1
	case "twitter.com", "x.com":
		return strings.Contains(p, "/status/")
	case "facebook.com", "fb.watch":
		return strings.Contains(p, "/posts/") || strings.Contains(p, "/videos/") || host == "fb.watch"
	case "pinterest.com", "pin.it":
		return strings.HasPrefix(p, "/pin/") || host == "pin.it"
	case "threads.net":
		return strings.Contains(p, "/post/")
	}
	return false
}

func draftHost(u *url.URL) bool {
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	for _, h := range draftHosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}

// links lists the links in the creator's words and signature, each with its
// role: a link in the signature is never a submission; in the words, a
// platform post is the published post (unless called a draft or unlisted),
// a file-sharing or video-review link is a draft, anything else (a profile,
// a media kit, a site) is treated like a signature link.
func links(p Parts) []Link {
	var out []Link
	seen := map[string]bool{}
	add := func(raw, role string) {
		u := strings.TrimRight(raw, ".,;:!?…")
		if seen[u] {
			return
		}
		seen[u] = true
		out = append(out, Link{URL: u, Role: role})
	}
	cue := draftCueRE.MatchString(p.Words)
	for _, l := range strings.Split(p.Words, "\n") {
		for _, m := range urlRE.FindAllStringIndex(l, maxLinks) {
			near := l[max(0, m[0]-200):min(len(l), m[1]+200)] // the words around the link, not a whole long line
			add(l[m[0]:m[1]], linkRole(l[m[0]:m[1]], near, cue))
		}
	}
	for _, l := range p.Signature {
		for _, raw := range urlRE.FindAllString(l, maxLinks) {
			add(raw, RoleSignature)
		}
	}
	if len(out) > maxLinks {
		out = out[:maxLinks]
	}
	return out
}

// maxLinks: a reply with more links than this is no submission anyway.
const maxLinks = 32

func linkRole(raw, line string, wordsCue bool) string {
	s := strings.TrimRight(raw, ".,;:!?…")
	if !strings.Contains(strings.ToLower(s), "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return RoleSignature
	}
	draftCue := wordsCue || draftCueRE.MatchString(line)
	switch {
	case contactLine(line):
		return RoleSignature // "Mia | lifestyle creator | tiktok.com/@mia/video/…": a signature, blank line or not
	case postURL(u):
		// "not live yet" is a draft cue, not a live one
		if draftCue && !liveCueRE.MatchString(draftCueRE.ReplaceAllString(line, " ")) {
			return RoleDraft
		}
		return RolePublished
	case draftHost(u):
		return RoleDraft
	case profileLike(u):
		return RoleSignature
	}
	// Any other link in the reply itself: what a creator sends when a draft
	// is due (the workflow takes a link by its stage).
	return RoleDraft
}

// profileLike: a link-in-bio, a profile or a homepage, never a submission.
func profileLike(u *url.URL) bool {
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	switch host {
	case "linktr.ee", "beacons.ai", "lnk.bio", "bio.link", "campsite.bio", "taplink.cc", "solo.to", "carrd.co", "msha.ke",
		"instagram.com", "tiktok.com", "youtube.com", "twitter.com", "x.com", "facebook.com", "linkedin.com", "pinterest.com":
		return true
	}
	return u.Path == "" || u.Path == "/"
}

// draftLinkCertain: the link is on a sharing/review site or called a draft.
func draftLinkCertain(raw, words string) bool {
	u, err := url.Parse(raw)
	return draftCueRE.MatchString(words) || (err == nil && (draftHost(u) || postURL(u)))
}

// contactLine: a signature line of fields split by "|" or "·" with a link.
func contactLine(line string) bool {
	return strings.Count(line, " | ")+strings.Count(line, " · ")+strings.Count(line, " • ") >= 1 && len(line) < 200 &&
		urlRE.MatchString(line) && !draftCueRE.MatchString(line) && !liveCueRE.MatchString(line)
}
