using System.Reflection;
using Hyper3D.Commands;

namespace Hyper3D.Tests;

public class DependencyResolutionTests
{
    private static readonly Dictionary<string, Version> Shipped = new(StringComparer.OrdinalIgnoreCase)
    {
        ["System.Memory"] = new Version(4, 0, 1, 2),
        ["System.Text.Json"] = new Version(8, 0, 0, 0),
    };

    [Theory]
    [InlineData(".NET Framework 4.8.9181.0", true)]
    [InlineData(".NET 10.0.12", false)]
    [InlineData(".NET Core 3.1.32", false)]
    public void Only_dotnet_framework_needs_a_resolver(string framework, bool needed)
    {
        Assert.Equal(needed, DependencyResolution.IsNeeded(framework));
    }

    [Theory]
    [InlineData("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", true)]
    [InlineData("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", true)]
    [InlineData("system.memory", true)]
    [InlineData("System.Memory, Version=4.0.2.0", false)]
    [InlineData("System.Text.Json, Version=9.0.0.0", false)]
    [InlineData("System.Memory.resources, Version=4.0.1.2, Culture=de", false)]
    [InlineData("Newtonsoft.Json, Version=13.0.0.0", false)]
    public void Hands_over_only_its_own_copies_of_a_version_that_satisfies(string requested, bool resolved)
    {
        string? path = DependencyResolution.Resolve(new AssemblyName(requested), "/modules/Hyper3D", Shipped);
        Assert.Equal(resolved, path != null);
        if (resolved)
        {
            Assert.Equal(Path.Combine("/modules/Hyper3D", new AssemblyName(requested).Name + ".dll"), path);
        }
    }

    [Fact]
    public void Finds_the_dependencies_shipped_beside_the_module_but_not_the_module()
    {
        string folder = Directory.CreateTempSubdirectory("hyper3d-module-").FullName;
        try
        {
            File.Copy(typeof(DependencyResolution).Assembly.Location, Path.Combine(folder, "Hyper3D.dll"));
            File.Copy(typeof(FactAttribute).Assembly.Location, Path.Combine(folder, "xunit.core.dll"));
            File.WriteAllText(Path.Combine(folder, "native.dll"), "not a managed assembly");
            var shipped = DependencyResolution.ShippedBeside(folder, "Hyper3D");
            Assert.Equal(new[] { "xunit.core" }, shipped.Keys);
            Assert.Equal(typeof(FactAttribute).Assembly.GetName().Version, shipped["xunit.core"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
