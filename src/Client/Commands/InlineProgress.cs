namespace Matching.Client.Commands;

/// <summary>Progress reported on the reading thread itself (Progress&lt;T&gt; would post it to the thread pool, out of order).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
