package email

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
)

// ReplyAddress builds reply+<campaign>.<creator>.<hmac-hex>@<domain>: a reply
// to it names its collaboration, and the HMAC stops anyone forging one.
// Campaign IDs hold no dots (brief validation), so the first dot ends them.
func ReplyAddress(key []byte, domain, campaignID, handle string) string {
	return "reply+" + campaignID + "." + handle + "." + sign(key, campaignID, handle) + "@" + domain
}

func sign(key []byte, campaignID, handle string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(campaignID + "\x00" + handle))
	return hex.EncodeToString(m.Sum(nil))[:20]
}

// ErrBadToken means a reply address was altered or forged.
var ErrBadToken = errors.New("email: reply address token does not verify")

// ParseReplyAddress verifies a reply address and returns its collaboration.
func ParseReplyAddress(key []byte, addr string) (campaignID, handle string, err error) {
	local, _, ok := strings.Cut(addr, "@")
	if !ok || !strings.HasPrefix(local, "reply+") {
		return "", "", errors.New("email: not a reply address")
	}
	tok := strings.TrimPrefix(local, "reply+")
	campaignID, rest, ok1 := strings.Cut(tok, ".")
	dot := strings.LastIndex(rest, ".")
	if !ok1 || dot <= 0 {
		return "", "", ErrBadToken
	}
	handle, mac := rest[:dot], rest[dot+1:]
	if !hmac.Equal([]byte(mac), []byte(sign(key, campaignID, handle))) {
		return "", "", ErrBadToken
	}
	return campaignID, handle, nil
}

// MessageID is the Message-ID (without angle brackets) of one step of one
// collaboration: a keyed hash, under the reply key, of campaign, handle and
// step. The same step always gets the same ID, which is how a retried send is
// recognised and how replies are threaded; without the key nobody can derive
// the ID of a mail they have not seen, so knowing a handle and a campaign is
// not enough to fake a reply "in the thread". The "message-id" label keeps
// these hashes apart from the reply-token MACs made with the same key.
func MessageID(key []byte, domain, campaignID, handle, step string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("message-id\x00" + campaignID + "\x00" + handle + "\x00" + step))
	return "cf." + hex.EncodeToString(m.Sum(nil))[:32] + "@" + domain
}
