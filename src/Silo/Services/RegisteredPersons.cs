using Matching.Registry.Stores;

namespace Matching.Silo.Services;

/// <summary>
/// The registered persons by sex, counted at most every <see cref="Fresh"/>: every posterior and expected count
/// needs them, and at a million persons the count costs hundreds of milliseconds. A prior a few seconds behind the
/// newest registrations changes no figure that matters.
/// </summary>
public sealed class RegisteredPersons(IProfileStore profiles, TimeProvider clock)
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _counting = new(1, 1);
    private (PersonsBySex Persons, DateTimeOffset At)? _counted;

    public async Task<PersonsBySex> BySexAsync(CancellationToken cancellationToken)
    {
        if (_counted is { } known && clock.GetUtcNow() - known.At < Fresh)
        {
            return known.Persons;
        }

        // One count at a time: the requests that arrive meanwhile take its answer.
        await _counting.WaitAsync(cancellationToken);
        try
        {
            if (_counted is { } again && clock.GetUtcNow() - again.At < Fresh)
            {
                return again.Persons;
            }

            var persons = await profiles.PersonsBySexAsync(cancellationToken);
            _counted = (persons, clock.GetUtcNow());
            return persons;
        }
        finally
        {
            _counting.Release();
        }
    }
}
