using Hyper3D.Client;
using Hyper3D.Client.Pacing;

namespace Hyper3D.Tests;

/// <summary>A clock the test moves: waits complete when it passes their time, never on their own.</summary>
internal sealed class ManualClock : PacerClock
{
    private readonly List<(TimeSpan Due, TaskCompletionSource Done)> _waits = new();
    private TimeSpan _now = TimeSpan.FromSeconds(100);

    public override TimeSpan Now => _now;

    /// <summary>When the earliest wait ends; null when nothing waits.</summary>
    public TimeSpan? NextDue
    {
        get
        {
            lock (_waits) return _waits.Count == 0 ? null : _waits.Min(w => w.Due);
        }
    }

    public override Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource();
        cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        lock (_waits) _waits.Add((_now + wait, done));
        return done.Task;
    }

    public void Advance(TimeSpan by)
    {
        _now += by;
        List<TaskCompletionSource> due;
        lock (_waits)
        {
            due = _waits.Where(w => w.Due <= _now).Select(w => w.Done).ToList();
            _waits.RemoveAll(w => w.Due <= _now);
        }

        Inline.Run(() => due.ForEach(d => d.TrySetResult()));
    }
}

public class AdaptivePacerTests
{
    private readonly ManualClock _clock = new();

    private static void Send(AdaptivePacer pacer, int count)
    {
        for (int i = 0; i < count; i++)
        {
            Task<IDisposable> turn = pacer.WaitTurnAsync(default);
            Assert.True(turn.IsCompleted);
            turn.Result.Dispose();
            pacer.Succeeded();
        }
    }

    [Fact]
    public void Until_the_server_first_throttles_nothing_is_held()
    {
        var pacer = new AdaptivePacer(_clock);
        Send(pacer, 1000);
        Assert.Null(pacer.Rate);
    }

    [Fact]
    public void While_a_Retry_After_pause_runs_nothing_goes_out()
    {
        var pacer = new AdaptivePacer(_clock);
        Send(pacer, 10);
        pacer.Throttled(TimeSpan.FromSeconds(1));
        Task<IDisposable> turn = pacer.WaitTurnAsync(default);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(turn.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(turn.IsCompleted);
    }

    [Fact]
    public void A_throttle_cuts_the_rate_to_what_the_server_let_through_times_beta_and_answers_in_flight_cut_it_once()
    {
        var pacer = new AdaptivePacer(_clock);
        Send(pacer, 10);
        pacer.Throttled(TimeSpan.FromSeconds(1));
        for (int i = 0; i < 5; i++) pacer.Throttled(TimeSpan.FromSeconds(1));
        Assert.Equal(10 * CubicRate.Beta, pacer.Rate!.Value, 6);
    }

    [Fact]
    public void After_the_pause_requests_are_spaced_at_the_paced_rate()
    {
        var pacer = new AdaptivePacer(_clock);
        Send(pacer, 10);
        pacer.Throttled(TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(pacer.WaitTurnAsync(default).IsCompleted);
        Task<IDisposable> second = pacer.WaitTurnAsync(default);
        TimeSpan spacing = TimeSpan.FromSeconds(1 / (10 * CubicRate.Beta));
        _clock.Advance(spacing - TimeSpan.FromMilliseconds(1));
        Assert.False(second.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(second.IsCompleted);
    }

    [Fact]
    public void On_success_the_rate_climbs_back_slowly_to_the_throttled_rate_then_faster_past_it()
    {
        var pacer = new AdaptivePacer(_clock);
        Send(pacer, 40);
        pacer.Throttled(null);
        double cut = pacer.Rate!.Value;
        var rates = new List<double>();
        for (int second = 1; second <= 6; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            pacer.Succeeded();
            rates.Add(pacer.Rate!.Value);
        }

        Assert.Equal(40 * CubicRate.Beta, cut, 6);
        Assert.Equal(rates.OrderBy(r => r), rates);
        Assert.InRange(rates[1], 38, 40);
        Assert.InRange(rates[2], 40, 40.5);
        Assert.True(rates[5] > 45, $"six seconds on: {rates[5]}");
        Assert.Equal(40, CubicRate.At(40, TimeSpan.FromSeconds(CubicRate.Plateau)), 6);
    }

    [Fact]
    public void A_later_throttle_cuts_from_the_lower_of_the_paced_rate_and_what_got_through()
    {
        var pacer = new AdaptivePacer(_clock);
        Send(pacer, 20);
        pacer.Throttled(TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(4));

        // Three seconds after the pause the curve is back near 20 a second, but only 6 requests got through.
        for (int i = 0; i < 6; i++) pacer.Succeeded();
        Assert.InRange(pacer.Rate!.Value, 19, 21);
        pacer.Throttled(TimeSpan.FromSeconds(1));
        Assert.Equal(2 * CubicRate.Beta, pacer.Rate!.Value, 6);
    }

    [Fact]
    public async Task A_wait_is_cancelled_at_once()
    {
        var pacer = new AdaptivePacer(_clock);
        pacer.Throttled(TimeSpan.FromMinutes(1));
        using var cancel = new CancellationTokenSource();
        Task<IDisposable> turn = pacer.WaitTurnAsync(cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => turn);
    }

    [Fact]
    public void A_throttle_soon_after_a_cut_cuts_the_pace_again_not_down_to_the_few_requests_counted_since()
    {
        var pacer = new AdaptivePacer(_clock);
        Send(pacer, 10);
        pacer.Throttled(null);
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        Send(pacer, 1);
        double throttledPace = pacer.Rate!.Value;
        pacer.Throttled(null);
        Assert.InRange(throttledPace, 8, 10);
        Assert.Equal(throttledPace * CubicRate.Beta, pacer.Rate!.Value, 6);
    }

    [Fact]
    public async Task A_turn_waits_for_a_free_slot_under_the_concurrency_limit()
    {
        var pacer = new AdaptivePacer(_clock, initialLimit: 2);
        IDisposable first = await pacer.WaitTurnAsync(default);
        IDisposable second = await pacer.WaitTurnAsync(default);
        Task<IDisposable> third = pacer.WaitTurnAsync(default);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, pacer.InFlight);
        first.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        second.Dispose();
        Assert.Equal(0, pacer.InFlight);
    }

    [Fact]
    public async Task A_wait_for_a_slot_is_cancelled_at_once_and_gives_up_its_place()
    {
        var pacer = new AdaptivePacer(_clock, initialLimit: 1);
        IDisposable first = await pacer.WaitTurnAsync(default);
        using var cancel = new CancellationTokenSource();
        Task<IDisposable> cancelled = pacer.WaitTurnAsync(cancel.Token);
        Task<IDisposable> next = pacer.WaitTurnAsync(default);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        first.Dispose();
        (await next.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task Answers_at_the_floor_grow_the_limit_and_a_throttle_shrinks_it()
    {
        var pacer = new AdaptivePacer(_clock, initialLimit: 4);
        for (int round = 0; round < 5; round++)
        {
            var turns = new List<IDisposable>();
            for (int i = 0; i < pacer.ConcurrencyLimit; i++) turns.Add(await pacer.WaitTurnAsync(default));
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            turns.ForEach(t => t.Dispose());
        }

        int grown = pacer.ConcurrencyLimit;
        Assert.True(grown >= 16, $"after 5 round trips at the floor: {grown}");
        pacer.Throttled(null);
        Assert.Equal((int)(grown * 0.75), pacer.ConcurrencyLimit);
    }

    /// <summary>
    /// A listing against a server that allows <paramref name="rate"/> requests a second (a token bucket holding that
    /// many), answering in 20 ms: 429 with Retry-After: 1, or a 503 with none, as nginx's limit_req. Requests are
    /// kept in flight up to the pacer's limit, a throttled one is sent again; the time is the manual clock's.
    /// </summary>
    [Theory]
    [InlineData(10, true)]
    [InlineData(10, false)]
    [InlineData(40, true)]
    [InlineData(40, false)]
    public async Task Behind_a_rate_limit_the_pace_settles_near_the_rate_instead_of_stalling_and_bursting(int rate, bool retryAfter)
    {
        const int Pages = 200;
        var pacer = new AdaptivePacer(_clock);
        var bucket = new TokenBucket(rate, _clock.Now);
        var waiting = new List<Task<IDisposable>>();
        var atServer = new List<(TimeSpan Due, IDisposable Turn, bool Allowed)>();
        TimeSpan start = _clock.Now;
        int requests = 0, throttled = 0, answered = 0;
        while (answered < Pages)
        {
            while (waiting.Count + atServer.Count < pacer.ConcurrencyLimit) waiting.Add(pacer.WaitTurnAsync(default));
            foreach (Task<IDisposable> sent in waiting.Where(t => t.IsCompleted).ToList())
            {
                waiting.Remove(sent);
                requests++;
                atServer.Add((_clock.Now + TimeSpan.FromMilliseconds(20), await sent, bucket.TryTake(_clock.Now)));
            }

            TimeSpan next = atServer.Select(a => a.Due).Concat(_clock.NextDue is TimeSpan due ? new[] { due } : []).Min();
            _clock.Advance(next - _clock.Now);
            foreach (var done in atServer.Where(a => a.Due <= _clock.Now).ToList())
            {
                atServer.Remove(done);
                done.Turn.Dispose();
                if (done.Allowed)
                {
                    answered++;
                    pacer.Succeeded();
                }
                else
                {
                    throttled++;
                    pacer.Throttled(retryAfter ? TimeSpan.FromSeconds(1) : null);
                }
            }
        }

        double seconds = (_clock.Now - start).TotalSeconds;
        Assert.True(seconds <= 1.3 * Pages / rate, $"{Pages} answers took {seconds:0.00} s; the rate allows them in {(double)Pages / rate:0.0} s");
        Assert.True(throttled <= 0.08 * requests, $"{throttled} of {requests} requests throttled");
    }

    private sealed class TokenBucket(int perSecond, TimeSpan start)
    {
        private double _tokens = perSecond;
        private TimeSpan _last = start;

        public bool TryTake(TimeSpan now)
        {
            _tokens = Math.Min(perSecond, _tokens + ((now - _last).TotalSeconds * perSecond));
            _last = now;
            if (_tokens < 1) return false;
            _tokens--;
            return true;
        }
    }
}
