using System.Collections.Concurrent;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// A thread that lives inside one network namespace, for the sockets the harness opens there
/// again and again (a candidate's status questions, its ledger's listener): a socket belongs
/// to the namespace of the thread that made it, and stays there whichever thread uses it
/// afterwards. Unlike <see cref="NetworkNamespace.RunAsync{T}"/>, which makes a thread per
/// call, the thread is made once and serves every call until disposed.
/// </summary>
public sealed class NamespaceThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NamespaceThread(string name)
    {
        Name = name;
        var thread = new Thread(Serve) { IsBackground = true, Name = $"netns {name}" };
        thread.Start();
    }

    public string Name { get; }

    /// <summary>Runs <paramref name="body"/> on the thread, inside the namespace.</summary>
    public async Task<T> RunAsync<T>(Func<T> body)
    {
        await _entered.Task;
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _work.Add(() =>
            {
                try
                {
                    done.SetResult(body());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            });
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException($"the thread in network namespace {Name}");
        }

        return await done.Task;
    }

    /// <summary>
    /// Enters the namespace that bears the name now (a host whose container was started again
    /// has a new one): the sockets made from then on are made there; those made before stay
    /// in the old one.
    /// </summary>
    public Task ReenterAsync() => RunAsync(() =>
    {
        NetworkNamespace.Enter(Name);
        return true;
    });

    public void Dispose() => _work.CompleteAdding();

    private void Serve()
    {
        try
        {
            NetworkNamespace.Enter(Name);
        }
        catch (Exception e)
        {
            _entered.SetException(e);
            _work.CompleteAdding();
            return;
        }

        _entered.SetResult();
        foreach (var work in _work.GetConsumingEnumerable()) work();
    }
}
