using Matching.Registry;
using Matching.Registry.Access;
using Matching.Registry.Stores;

namespace Matching.Silo.Services;

/// <summary>
/// What a caller may register: records of its own provinces, and corrections only of profiles (and references only
/// in cases) its provinces own. The rest are refused record by record, each with its reason; nothing else is lost.
/// Admitted records carry who sent them, and the upload's reason for a correction where the record gives none.
/// </summary>
public sealed class ProvinceScope(IProfileStore profiles)
{
    public async Task<IReadOnlyList<ProfileRecord>> AdmitAsync(Caller caller, IReadOnlyList<ProfileRecord> records, string source, string? uploadReason,
        List<RecordError> errors, CancellationToken cancellationToken)
    {
        ProfileRecord Stamped(ProfileRecord record) => record with { SubmittedBy = caller.Subject, CorrectionReason = record.CorrectionReason ?? uploadReason };
        if (caller.SeesEveryProvince || records.Count == 0)
        {
            return [.. records.Select(Stamped)];
        }

        var held = await profiles.ProvincesAsync([.. records.Select(r => r.Id)], [.. records.Select(r => r.CaseId).OfType<string>().Distinct()], cancellationToken);
        var admitted = new List<ProfileRecord>(records.Count);
        var own = string.Join(", ", caller.Provinces);
        foreach (var record in records)
        {
            string? refusal = null;
            if (!caller.Sees(record.Province))
            {
                refusal = $"{record.Province} is not a province this caller registers in ({own})";
            }
            else if (held.Profiles.TryGetValue(record.Id, out var owner) && !caller.Sees(owner))
            {
                refusal = $"profile {record.Id} belongs to {owner}; only {owner} or a national administrator may correct it";
            }
            else if (record.CaseId is { } caseId && held.Cases.TryGetValue(caseId, out var caseOwner) && !caller.Sees(caseOwner))
            {
                refusal = $"case {caseId} belongs to {caseOwner}; only {caseOwner} or a national administrator may add to it";
            }

            if (refusal is null)
            {
                admitted.Add(Stamped(record));
            }
            else
            {
                errors.Add(new RecordError(source, record.Id, "province", refusal));
            }
        }

        return admitted;
    }
}
