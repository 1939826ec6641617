using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Hyper3D.Client.Pacing
{
    /// <summary>
    /// Slots for requests to one origin, as many as a limit that moves while requests wait: first come, first
    /// served, and a raised limit lets waiters in at once. Nothing blocks a thread.
    /// </summary>
    internal sealed class RequestSlots
    {
        private readonly object _lock = new object();
        private readonly LinkedList<TaskCompletionSource<bool>> _waiters = new LinkedList<TaskCompletionSource<bool>>();
        private int _limit;
        private int _held;

        public RequestSlots(int limit)
        {
            _limit = limit;
        }

        /// <summary>Slots taken now.</summary>
        public int Held
        {
            get
            {
                lock (_lock)
                {
                    return _held;
                }
            }
        }

        /// <summary>A new limit: slots taken above it are kept until released, slots freed below it let waiters in.</summary>
        public void SetLimit(int limit)
        {
            lock (_lock)
            {
                _limit = limit;
                AdmitWaiters();
            }
        }

        public Task WaitAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TaskCompletionSource<bool> waiter;
            LinkedListNode<TaskCompletionSource<bool>> node;
            lock (_lock)
            {
                if (_held < _limit && _waiters.Count == 0)
                {
                    _held++;
                    return Task.CompletedTask;
                }

                // Continuations run elsewhere: a release inside a lock must not run the next request inline.
                waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                node = _waiters.AddLast(waiter);
            }

            if (cancellationToken.CanBeCanceled)
            {
                CancellationTokenRegistration registration = cancellationToken.Register(() => Abandon(node, cancellationToken));
                waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            return waiter.Task;
        }

        public void Release()
        {
            lock (_lock)
            {
                _held--;
                AdmitWaiters();
            }
        }

        private void Abandon(LinkedListNode<TaskCompletionSource<bool>> node, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                // Already admitted: the slot is the waiter's, and its caller releases it.
                if (node.List == null)
                {
                    return;
                }

                _waiters.Remove(node);
            }

            node.Value.TrySetCanceled(cancellationToken);
        }

        private void AdmitWaiters()
        {
            while (_held < _limit && _waiters.First is LinkedListNode<TaskCompletionSource<bool>> first)
            {
                _waiters.RemoveFirst();
                _held++;
                first.Value.TrySetResult(true);
            }
        }
    }
}
