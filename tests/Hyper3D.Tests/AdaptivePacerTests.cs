using Hyper3D.Client;

namespace Hyper3D.Tests;

/// <summary>A clock the test moves: waits complete when it passes their time, never on their own.</summary>
internal sealed class ManualClock : PacerClock
{
    private readonly List<(TimeSpan Due, TaskCompletionSource Done)> _waits = new();
    private TimeSpan _now = TimeSpan.FromSeconds(100);

    public override TimeSpan Now => _now;

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
        Assert.InRange(rates[2], 38, 40.01);
        Assert.True(rates[5] > 45, $"six seconds on: {rates[5]}");
        Assert.Equal(40, CubicRate.At(40, TimeSpan.FromSeconds(Math.Cbrt(40 * (1 - CubicRate.Beta) / CubicRate.Scale))), 6);
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
}
