namespace Matching.Grains.Buckets;

/// <summary>
/// Which references belong to which case of a bucket, at the case's latest revision: what a case bucket needs to drop
/// from its identity check the references that left a case, but not one that moved to another case of the bucket.
/// Ids are numbered once (<see cref="Utf8Numbers"/>), and each case chains its references through two int arrays,
/// so a case costs about as much as its ids' bytes, not the strings, arrays and dictionary entries it cost before.
/// </summary>
public sealed class CaseReferenceLinks
{
    private const int None = -1;

    private readonly Utf8Numbers _cases = new();
    private readonly Utf8Numbers _references = new();

    // Per case: the revision held and its first reference. Per reference: its case and the next reference of that case.
    private int[] _revision = [];
    private int[] _first = [];
    private int[] _owner = [];
    private int[] _next = [];

    /// <summary>
    /// Holds <paramref name="references"/> as the case's at <paramref name="revision"/>, unless a later revision is
    /// held: then nothing changes and it returns false. The references the case had and no longer has, and that no
    /// other case has taken, are added to <paramref name="departed"/>.
    /// </summary>
    public bool Link(string caseId, int revision, IReadOnlyList<string> references, ICollection<string> departed)
    {
        var known = _cases.Count;
        var owner = _cases.Number(caseId);
        if (owner == known)
        {
            Grow(ref _revision, _cases.Count, 0);
            Grow(ref _first, _cases.Count, None);
            _first[owner] = None;
        }
        else if (_revision[owner] > revision)
        {
            return false;
        }

        _revision[owner] = revision;
        var numbers = new int[references.Count];
        for (var i = 0; i < numbers.Length; i++)
        {
            var seen = _references.Count;
            numbers[i] = _references.Number(references[i]);
            if (numbers[i] == seen)
            {
                Grow(ref _owner, _references.Count, None);
                Grow(ref _next, _references.Count, None);
                (_owner[numbers[i]], _next[numbers[i]]) = (None, None);
            }
        }

        for (var reference = _first[owner]; reference != None;)
        {
            var next = _next[reference];
            if (Array.IndexOf(numbers, reference) < 0)
            {
                Unlink(owner, reference);
                _owner[reference] = None;
                departed.Add(_references.Id(reference));
            }

            reference = next;
        }

        foreach (var reference in numbers)
        {
            if (_owner[reference] == owner)
            {
                continue;
            }

            // Moved here from another case of the bucket, whichever of the two revisions came first.
            if (_owner[reference] != None)
            {
                Unlink(_owner[reference], reference);
            }

            (_owner[reference], _next[reference], _first[owner]) = (owner, _first[owner], reference);
        }

        return true;
    }

    /// <summary>The case <paramref name="referenceId"/> belongs to, or null.</summary>
    public string? CaseOf(string referenceId) =>
        _references.Find(referenceId) is var reference and >= 0 && _owner[reference] != None ? _cases.Id(_owner[reference]) : null;

    /// <summary>The references of <paramref name="caseId"/>, latest first.</summary>
    public List<string> ReferencesOf(string caseId)
    {
        var found = new List<string>();
        if (_cases.Find(caseId) is var owner and >= 0)
        {
            for (var reference = _first[owner]; reference != None; reference = _next[reference])
            {
                found.Add(_references.Id(reference));
            }
        }

        return found;
    }

    private void Unlink(int owner, int reference)
    {
        if (_first[owner] == reference)
        {
            _first[owner] = _next[reference];
        }
        else
        {
            var before = _first[owner];
            while (_next[before] != reference)
            {
                before = _next[before];
            }

            _next[before] = _next[reference];
        }

        _next[reference] = None;
    }

    private static void Grow(ref int[] values, int count, int fill)
    {
        if (count > values.Length)
        {
            var at = values.Length;
            Array.Resize(ref values, Math.Max(count, Math.Max(16, values.Length + (values.Length / 2))));
            values.AsSpan(at).Fill(fill);
        }
    }
}
