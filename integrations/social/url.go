package social

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// PostRef is a post URL resolved to its platform's identifier.
type PostRef struct {
	Platform string `json:"platform"`
	// ID is the platform's id for the post: the YouTube video id, the TikTok
	// video id, or the Instagram shortcode (the Graph API media id is looked up
	// from it with the creator's token).
	ID  string `json:"id"`
	URL string `json:"url"` // canonical URL
}

var (
	ytIDRE     = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	igCodeRE   = regexp.MustCompile(`^[A-Za-z0-9_-]{5,64}$`)
	tiktokIDRE = regexp.MustCompile(`^[0-9]{8,25}$`)
)

// ParsePostURL checks that raw is a link to a single post on platform and
// returns the post's id. The error says what a valid link looks like.
func ParsePostURL(platform, raw string) (PostRef, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err == nil && u.Host == "" && !strings.Contains(raw, "://") {
		u, err = url.Parse("https://" + raw)
	}
	if err != nil || u.Host == "" {
		return PostRef{}, urlError(platform, raw, "is not a web address")
	}
	host := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(u.Hostname()), "www."), "m.")
	segs := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	if got := platformOfHost(host); got != "" && got != platform {
		return PostRef{}, urlError(platform, raw, fmt.Sprintf("is a %s link, but this creator posts on %s", got, platform))
	}
	switch platform {
	case "youtube":
		var id string
		switch {
		case host == "youtu.be" && len(segs) >= 1:
			id = segs[0]
		case host == "youtube.com" && len(segs) >= 1 && segs[0] == "watch":
			id = u.Query().Get("v")
		case host == "youtube.com" && len(segs) >= 2 && (segs[0] == "shorts" || segs[0] == "live"):
			id = segs[1]
		}
		if !ytIDRE.MatchString(id) {
			return PostRef{}, urlError(platform, raw, "is not a YouTube video link (youtube.com/watch?v=…, youtu.be/…, youtube.com/shorts/…)")
		}
		return PostRef{Platform: platform, ID: id, URL: "https://www.youtube.com/watch?v=" + id}, nil
	case "instagram":
		if host == "instagram.com" {
			for i := 0; i+1 < len(segs) && i < 2; i++ {
				switch segs[i] {
				case "p", "reel", "reels", "tv":
					if igCodeRE.MatchString(segs[i+1]) {
						kind := segs[i]
						if kind == "reels" {
							kind = "reel"
						}
						return PostRef{Platform: platform, ID: segs[i+1], URL: "https://www.instagram.com/" + kind + "/" + segs[i+1] + "/"}, nil
					}
				}
			}
		}
		return PostRef{}, urlError(platform, raw, "is not an Instagram post link (instagram.com/p/… or instagram.com/reel/…)")
	case "tiktok":
		if host == "vm.tiktok.com" || host == "vt.tiktok.com" {
			return PostRef{}, urlError(platform, raw, "is a TikTok short link: open it and send the full link (tiktok.com/@user/video/…)")
		}
		if host == "tiktok.com" && len(segs) >= 3 && strings.HasPrefix(segs[0], "@") && segs[1] == "video" && tiktokIDRE.MatchString(segs[2]) {
			return PostRef{Platform: platform, ID: segs[2], URL: "https://www.tiktok.com/" + segs[0] + "/video/" + segs[2]}, nil
		}
		return PostRef{}, urlError(platform, raw, "is not a TikTok video link (tiktok.com/@user/video/…)")
	}
	return PostRef{}, urlError(platform, raw, "cannot be checked: unknown platform")
}

func platformOfHost(host string) string {
	switch {
	case host == "youtu.be" || host == "youtube.com":
		return "youtube"
	case host == "instagram.com" || host == "instagr.am":
		return "instagram"
	case strings.HasSuffix(host, "tiktok.com"):
		return "tiktok"
	}
	return ""
}

func urlError(platform, raw, why string) error {
	return &Error{Kind: KindInvalidURL, Platform: platform, Message: fmt.Sprintf("post link %q %s", raw, why)}
}

// HasDisclosure reports whether a caption carries the disclosure (e.g. "#ad"),
// matched as a whole tag, case-insensitively: "#ad" is found in "love it #ad"
// but not in "#adventure".
func HasDisclosure(caption, disclosure string) bool {
	c, d := strings.ToLower(caption), strings.ToLower(strings.TrimSpace(disclosure))
	if d == "" {
		return true
	}
	for i := 0; ; {
		j := strings.Index(c[i:], d)
		if j < 0 {
			return false
		}
		end := i + j + len(d)
		if end == len(c) || !isWordRune(rune(c[end])) {
			return true
		}
		i = end
	}
}

func isWordRune(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
}
