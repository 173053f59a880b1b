package social

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Kind classifies what went wrong with a platform call, so the activity can
// tell what a retry can fix from what it cannot. The values double as the
// Temporal application-error types (workflows/options.go lists the
// non-retryable ones).
type Kind string

const (
	// KindTokenRevoked: the creator's token expired or was revoked; only the
	// creator can fix it by reconnecting the account. Not retryable.
	KindTokenRevoked Kind = "TokenRevoked"
	// KindTokenMissing: no token was ever connected for this creator. Not retryable.
	KindTokenMissing Kind = "TokenMissing"
	// KindPostGone: the post was deleted, made private, or never existed. Not retryable.
	KindPostGone Kind = "PostGone"
	// KindInvalidURL: the post URL is not one of the platform's post URLs. Not retryable.
	KindInvalidURL Kind = "InvalidPostURL"
	// KindMisconfigured: our own credentials or request are wrong (bad API key,
	// missing scope): ops must fix the configuration. Not retryable.
	KindMisconfigured Kind = "ProviderMisconfigured"
	// KindRateLimited: too many requests; retry after RetryAfter.
	KindRateLimited Kind = "RateLimited"
	// KindQuotaExhausted: the daily quota is spent; retry after RetryAfter (the reset).
	KindQuotaExhausted Kind = "QuotaExhausted"
	// KindUnavailable: the platform failed (5xx, network); retry with backoff.
	KindUnavailable Kind = "PlatformUnavailable"
)

// Retryable reports whether waiting and trying again can succeed.
func (k Kind) Retryable() bool {
	switch k {
	case KindRateLimited, KindQuotaExhausted, KindUnavailable:
		return true
	}
	return false
}

// Error is a platform failure with what ops should do about it.
type Error struct {
	Kind       Kind
	Platform   string
	Message    string        // what the platform said, or what we found
	RetryAfter time.Duration // for KindRateLimited and KindQuotaExhausted
}

func (e *Error) Error() string {
	var advice string
	switch e.Kind {
	case KindTokenRevoked:
		advice = "; the creator's access token expired or was revoked: ask the creator to reconnect their " + e.Platform + " account"
	case KindTokenMissing:
		advice = "; ask the creator to connect their " + e.Platform + " account, or record figures by hand with `starter metrics add`"
	case KindPostGone:
		advice = "; the post was deleted or made private: check with the creator"
	case KindMisconfigured:
		advice = "; fix the worker's " + e.Platform + " configuration (see README, Platform metrics)"
	case KindRateLimited, KindQuotaExhausted:
		advice = fmt.Sprintf("; retrying in %s", e.RetryAfter.Round(time.Second))
	}
	return fmt.Sprintf("%s: %s%s", e.Platform, e.Message, advice)
}

// KindOf returns the Kind of a social error, or "" for any other error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// RetryAfterOf returns the wait a rate-limited or quota error asks for.
func RetryAfterOf(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// parseRetryAfter reads a Retry-After header: delta-seconds or an HTTP date.
// def is used when the header is absent or unreadable.
func parseRetryAfter(h http.Header, now time.Time, def time.Duration) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return def
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
		return 0
	}
	return def
}
