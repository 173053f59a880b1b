package campaign

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDivRoundHalfAwayFromZero(t *testing.T) {
	require.Equal(t, int64(2), divRound(5, 3))
	require.Equal(t, int64(2), divRound(3, 2))
	require.Equal(t, int64(-2), divRound(-3, 2))
	require.Equal(t, int64(1), divRound(4, 3))
}
