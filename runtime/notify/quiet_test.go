package notify

import (
	"testing"
	"time"
)

func TestQuietHoursAndDigestTimes(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := func(h, m int) time.Time { return time.Date(2026, 12, 4, h, m, 0, 0, sh) }
	night := &Quiet{From: "22:00", To: "08:00"}
	lunch := &Quiet{From: "12:00", To: "13:30"}
	for _, c := range []struct {
		q    *Quiet
		now  time.Time
		want time.Time
	}{
		{nil, at(23, 0), at(23, 0)},
		{night, at(21, 59), at(21, 59)},
		{night, at(22, 0), at(8, 0).AddDate(0, 0, 1)},
		{night, at(3, 15), at(8, 0)},
		{night, at(8, 0), at(8, 0)},
		{lunch, at(12, 30), at(13, 30)},
		{lunch, at(13, 30), at(13, 30)},
	} {
		if got := sendAt(c.q, c.now); !got.Equal(c.want) {
			t.Errorf("sendAt(%v, %s) = %s, want %s", c.q, c.now.Format("15:04"), got, c.want)
		}
	}
	if got := digestAt(at(8, 59)); !got.Equal(at(9, 0)) {
		t.Errorf("digest before nine: %s", got)
	}
	if got := digestAt(at(9, 0)); !got.Equal(at(9, 0).AddDate(0, 0, 1)) {
		t.Errorf("digest at nine: %s", got)
	}
}
