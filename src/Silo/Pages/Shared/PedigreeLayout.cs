using Matching.Silo.Services;

namespace Matching.Silo.Pages.Shared;

/// <summary>
/// Where each member of a case's template pedigree stands in the drawing: one row per generation (a founder one row
/// above its children, a partner on its partner's row), members left to right in the pedigree's own order, every
/// row centred. The template has no consanguinity, so no line needs to cross a generation twice.
/// </summary>
public static class PedigreeLayout
{
    public const double Spacing = 120;
    public const double RowHeight = 110;
    public const double Margin = 60;

    public sealed record Placed(PedigreeView Member, double X, double Y);

    public static (List<Placed> Members, double Width, double Height) Of(IReadOnlyList<PedigreeView> members)
    {
        var byId = members.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var depth = members.ToDictionary(m => m.Id, _ => 0, StringComparer.Ordinal);
        // A child one row below its lower parent; a founder one row above its highest child; until nothing moves.
        for (var pass = 0; pass < members.Count + 1; pass++)
        {
            var moved = false;
            foreach (var m in members)
            {
                if (m.Father is null && m.Mother is null)
                {
                    var children = members.Where(c => c.Father == m.Id || c.Mother == m.Id).ToList();
                    if (children.Count > 0 && depth[m.Id] != children.Min(c => depth[c.Id]) - 1 && children.Min(c => depth[c.Id]) - 1 >= 0)
                    {
                        depth[m.Id] = children.Min(c => depth[c.Id]) - 1;
                        moved = true;
                    }

                    continue;
                }

                var below = new[] { m.Father, m.Mother }.Where(p => p is not null && byId.ContainsKey(p)).Max(p => depth[p!]) + 1;
                if (depth[m.Id] != below)
                {
                    depth[m.Id] = below;
                    moved = true;
                }
            }

            if (!moved)
            {
                break;
            }
        }

        var rows = members.GroupBy(m => depth[m.Id]).OrderBy(g => g.Key).ToList();
        var widest = rows.Max(r => r.Count());
        var width = (2 * Margin) + ((widest - 1) * Spacing);
        var placed = new List<Placed>();
        foreach (var row in rows)
        {
            var list = row.ToList();
            var start = (width - ((list.Count - 1) * Spacing)) / 2;
            placed.AddRange(list.Select((m, i) => new Placed(m, start + (i * Spacing), Margin + (row.Key * RowHeight))));
        }

        return (placed, width, (2 * Margin) + ((rows.Count - 1) * RowHeight) + 30);
    }
}
