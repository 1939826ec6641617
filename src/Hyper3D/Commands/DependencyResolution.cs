using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace Hyper3D.Commands
{
    /// <summary>
    /// Which of the module's own dependency files answers a failed assembly load. Windows PowerShell 5.1 has no
    /// binding redirects, so System.Text.Json asking for System.Memory 4.0.1.2 finds nothing unless someone
    /// hands over the copy shipped beside Hyper3D.dll. pwsh 7 unifies versions itself and needs none of this.
    /// </summary>
    internal static class DependencyResolution
    {
        /// <summary>Only .NET Framework lacks version unification.</summary>
        public static bool IsNeeded(string frameworkDescription) =>
            frameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The shipped file for <paramref name="requested"/>, or null: not one of ours, a satellite resource
        /// assembly, or asking for a newer version than the module ships (loading an older one would only fail later).
        /// </summary>
        public static string? Resolve(AssemblyName requested, string moduleDirectory, IReadOnlyDictionary<string, Version> shipped)
        {
            string? name = requested.Name;
            if (string.IsNullOrEmpty(name) || name!.EndsWith(".resources", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (!shipped.TryGetValue(name, out Version? available))
            {
                return null;
            }

            if (requested.Version != null && requested.Version > available)
            {
                return null;
            }

            return Path.Combine(moduleDirectory, name + ".dll");
        }

        /// <summary>The dependency assemblies beside the module, by name, with their versions.</summary>
        public static IReadOnlyDictionary<string, Version> ShippedBeside(string moduleDirectory, string moduleAssemblyName)
        {
            var shipped = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
            foreach (string file in Directory.GetFiles(moduleDirectory, "*.dll"))
            {
                string name = Path.GetFileNameWithoutExtension(file);
                if (string.Equals(name, moduleAssemblyName, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                try
                {
                    shipped[name] = AssemblyName.GetAssemblyName(file).Version ?? new Version(0, 0);
                }
                catch (BadImageFormatException)
                {
                    // Not a managed assembly: nothing to hand over.
                }
            }

            return shipped;
        }
    }
}
