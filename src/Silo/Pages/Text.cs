namespace Matching.Silo.Pages;

/// <summary>The pages' words, English (Text.resx) and Chinese (Text.zh-CN.resx): IStringLocalizer&lt;Text&gt; reads them.</summary>
public sealed class Text;
