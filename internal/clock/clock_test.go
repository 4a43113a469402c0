package clock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFake(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := NewFake(start)
	a := f.NewTimer(time.Second)
	b := f.NewTimer(2 * time.Second)
	require.Equal(t, 2, f.Timers())
	f.Advance(time.Second)
	select {
	case got := <-a.C():
		assert.Equal(t, start.Add(time.Second), got)
	default:
		t.Fatal("timer a did not fire")
	}
	select {
	case <-b.C():
		t.Fatal("timer b fired early")
	default:
	}
	assert.True(t, b.Stop())
	assert.False(t, a.Stop())
	assert.Equal(t, 0, f.Timers())
	assert.Equal(t, start.Add(time.Second), f.Now())

	done := make(chan struct{})
	go func() { f.NewTimer(time.Minute) }()
	assert.True(t, f.WaitTimers(1, done))
	close(done)
	assert.False(t, f.WaitTimers(5, done))

	z := f.NewTimer(0)
	<-z.C()
	f.Set(start.Add(time.Hour))
	assert.Equal(t, 0, f.Timers())
}
