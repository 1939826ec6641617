using System.Reflection;
using Hyper3D.Model;

namespace Hyper3D.Tests;

/// <summary>
/// What the module promises to scripts: every public type, and every constructor a script or a subclass can call.
/// A type or constructor that appears here is one users may come to depend on, so adding one is a decision, not an
/// accident; this list changes only together with that decision.
/// </summary>
public class PublicSurfaceTests
{
    private static readonly string[] Promised =
    {
        "Hyper3D.Commands.ConnectHyper3DCommand",
        "Hyper3D.Commands.ConnectHyper3DCommand()",
        "Hyper3D.Commands.DisconnectHyper3DCommand",
        "Hyper3D.Commands.DisconnectHyper3DCommand()",
        "Hyper3D.Commands.ExportHyper3DGalleryReportCommand",
        "Hyper3D.Commands.ExportHyper3DGalleryReportCommand()",
        "Hyper3D.Commands.GetHyper3DConnectionCommand",
        "Hyper3D.Commands.GetHyper3DConnectionCommand()",
        "Hyper3D.Commands.GetHyper3DGalleryCardCommand",
        "Hyper3D.Commands.GetHyper3DGalleryCardCommand()",
        "Hyper3D.Commands.Hyper3DCmdlet",
        "Hyper3D.Commands.ModuleInitializer",
        "Hyper3D.Commands.ModuleInitializer()",
        "Hyper3D.Commands.SaveHyper3DCardMediaCommand",
        "Hyper3D.Commands.SaveHyper3DCardMediaCommand()",
        "Hyper3D.ErrorKind",
        "Hyper3D.Hyper3DException",
        "Hyper3D.Hyper3DSession",
        "Hyper3D.Model.AuthenticationMethod",
        "Hyper3D.Model.CardStatusType",
        "Hyper3D.Model.GalleryCard",
        "Hyper3D.Model.GalleryCard()",
        "Hyper3D.Model.GalleryGroup",
        "Hyper3D.Model.GalleryGroup()",
        "Hyper3D.Model.GalleryType",
        "Hyper3D.Model.GalleryUser",
        "Hyper3D.Model.GalleryUser()",
        "Hyper3D.Model.MediaKind",
        "Hyper3D.Model.TaskStep",
        "Hyper3D.Model.TaskType",
        "Hyper3D.Model.TextList",
        "Hyper3D.Model.Timestamp",
        "Hyper3D.Model.Timestamp(System.DateTime)",
        "Hyper3D.Model.Timestamp(System.DateTimeOffset)",
    };

    [Fact]
    public void The_public_types_and_their_constructors_are_the_promised_ones()
    {
        string[] actual = Surface(typeof(GalleryCard).Assembly);

        // The whole list on failure, so an intended change is reviewed (and pasted) as one.
        Assert.True(
            Promised.SequenceEqual(actual, StringComparer.Ordinal),
            "The public surface changed. It is now:" + Environment.NewLine + string.Join(Environment.NewLine, actual.Select(line => $"\"{line}\",")));
    }

    [Fact]
    public void The_module_base_cmdlet_cannot_be_derived_from_outside()
    {
        Type cmdlet = typeof(Hyper3D.Commands.Hyper3DCmdlet);

        Assert.DoesNotContain(cmdlet.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic), Reachable);
    }

    [Fact]
    public void Every_cmdlet_derives_from_the_module_base_cmdlet()
    {
        Type[] cmdlets = typeof(Hyper3D.Commands.Hyper3DCmdlet).Assembly.GetExportedTypes()
            .Where(type => type.GetCustomAttribute<System.Management.Automation.CmdletAttribute>() != null)
            .ToArray();

        Assert.Equal(6, cmdlets.Length);
        Assert.All(cmdlets, command => Assert.True(command.IsSubclassOf(typeof(Hyper3D.Commands.Hyper3DCmdlet)), command.Name + " derives from " + command.BaseType));
    }

    private static string[] Surface(Assembly assembly) => assembly.GetExportedTypes()
        .SelectMany(type => new[] { type.FullName! }.Concat(type
            .GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(Reachable)
            .Select(constructor => $"{type.FullName}({string.Join(", ", constructor.GetParameters().Select(p => p.ParameterType.FullName))})")))
        .OrderBy(line => line, StringComparer.Ordinal)
        .ToArray();

    // A protected constructor is surface too: a script's class can derive from the type and call it.
    private static bool Reachable(ConstructorInfo constructor) => constructor.IsPublic || constructor.IsFamily || constructor.IsFamilyOrAssembly;
}
