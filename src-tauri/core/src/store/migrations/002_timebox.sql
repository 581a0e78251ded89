-- Schema 2: the workshop timer (issue 4). A review's session plan and the
-- chair's timer events. The timer's state is never stored: it is replayed
-- from the events and the time asked about (see timebox.rs).

-- One plan per review, written when the chair first changes the plan or
-- starts the timer; until then the default plan for the review's themes
-- applies and nothing is stored.
CREATE TABLE timebox_plan (
    review_id         INTEGER PRIMARY KEY REFERENCES review (id) ON DELETE CASCADE,
    length_minutes    INTEGER NOT NULL CHECK (length_minutes BETWEEN 0 AND 720),
    include_in_report INTEGER NOT NULL DEFAULT 0 CHECK (include_in_report IN (0, 1))
) STRICT;

-- Events name segments by position, so once a timer has events its
-- segments keep their number and order; minutes and titles may change.
CREATE TABLE timebox_segment (
    review_id INTEGER NOT NULL REFERENCES timebox_plan (review_id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('opening', 'theme', 'closing')),
    theme_uid TEXT,  -- the theme's uid for a theme segment, else NULL
    title     TEXT NOT NULL,
    minutes   INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 720),
    PRIMARY KEY (review_id, position),
    CHECK ((kind = 'theme') = (theme_uid IS NOT NULL))
) STRICT;

-- Replayed in `seq` order, which is the order they were recorded; never
-- sorted by `at`, which a clock moved back can put out of order.
CREATE TABLE timer_event (
    seq        INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('started', 'paused', 'resumed', 'moved', 'extended', 'finished')),
    at         INTEGER NOT NULL,  -- UTC seconds since 1970, as the clock said
    to_segment INTEGER CHECK ((kind = 'moved') = (to_segment IS NOT NULL)),
    seconds    INTEGER CHECK ((kind = 'extended') = (seconds IS NOT NULL))
) STRICT;
CREATE INDEX timer_event_review ON timer_event (review_id, seq);
