package social

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParsePostURL(t *testing.T) {
	ok := []struct{ platform, url, id string }{
		{"youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10s", "dQw4w9WgXcQ"},
		{"youtube", "https://youtu.be/dQw4w9WgXcQ?si=abc", "dQw4w9WgXcQ"},
		{"youtube", "https://youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ"},
		{"youtube", "m.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"},
		{"instagram", "https://www.instagram.com/p/C3xYz_1-ab/", "C3xYz_1-ab"},
		{"instagram", "https://instagram.com/reel/C3xYz1ab?igsh=Zz", "C3xYz1ab"},
		{"instagram", "https://www.instagram.com/ana.glow/reel/C3xYz1ab/", "C3xYz1ab"},
		{"tiktok", "https://www.tiktok.com/@ana.glow/video/7301234567890123456?lang=en", "7301234567890123456"},
	}
	for _, c := range ok {
		ref, err := ParsePostURL(c.platform, c.url)
		require.NoError(t, err, c.url)
		require.Equal(t, c.id, ref.ID, c.url)
	}
	bad := []struct{ platform, url, says string }{
		{"youtube", "https://www.youtube.com/@lumen", "not a YouTube video link"},
		{"youtube", "https://www.instagram.com/p/C3xYz1ab/", "is a instagram link, but this creator posts on youtube"},
		{"instagram", "https://www.instagram.com/ana.glow/", "not an Instagram post link"},
		{"tiktok", "https://vm.tiktok.com/ZMabc/", "short link"},
		{"tiktok", "https://www.tiktok.com/@ana/photo/123", "not a TikTok video link"},
		{"tiktok", "not a link at all", "is not a web address"},
	}
	for _, c := range bad {
		_, err := ParsePostURL(c.platform, c.url)
		requireKind(t, err, KindInvalidURL)
		require.ErrorContains(t, err, c.says, c.url)
	}
}

func TestHasDisclosure(t *testing.T) {
	require.True(t, HasDisclosure("love it #AD", "#ad"))
	require.True(t, HasDisclosure("#ad. new serum", "#ad"))
	require.True(t, HasDisclosure("x #adventure #ad", "#ad"))
	require.False(t, HasDisclosure("my #adventure", "#ad"))
	require.False(t, HasDisclosure("", "#sponsored"))
}
