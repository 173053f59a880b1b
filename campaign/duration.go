package campaign

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Duration is a time.Duration a brief writes as "72h", "3d", "1d12h" or "90s".
// Days are accepted because campaign timing is thought of in days.
type Duration time.Duration

// ParseDuration reads Go durations plus a "d" (24h) unit.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("want a duration such as \"3d\" or \"72h\" (got an empty value)")
	}
	var days int64
	if i := strings.Index(s, "d"); i > 0 {
		n, err := strconv.ParseInt(s[:i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("want a duration such as \"3d\" or \"72h\" (got %q)", s)
		}
		days, s = n, s[i+1:]
	}
	var rest time.Duration
	if s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			return 0, fmt.Errorf("want a duration such as \"3d\" or \"72h\" (got %q)", s)
		}
		rest = d
	}
	return time.Duration(days)*24*time.Hour + rest, nil
}

// UnmarshalYAML reads a duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if n.Kind != yaml.ScalarNode || n.Decode(&s) != nil {
		return fmt.Errorf("line %d, column %d: want a duration such as \"3d\" or \"72h\", not %s", n.Line, n.Column, nodeKind(n))
	}
	v, err := ParseDuration(s)
	if err != nil {
		return fmt.Errorf("line %d, column %d: %w", n.Line, n.Column, err)
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the duration back in Go syntax.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// D returns the time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String renders e.g. "3d" or "1h30m0s".
func (d Duration) String() string {
	v := time.Duration(d)
	if v > 0 && v%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", v/(24*time.Hour))
	}
	return v.String()
}
